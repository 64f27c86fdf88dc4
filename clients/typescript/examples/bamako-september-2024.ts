// What happened in Bamako in September 2024? (The ten-line program of README.md.)
import { TimelineClient } from "@timeline/client";
const client = new TimelineClient(process.env.TIMELINE_ADDR ?? "127.0.0.1:50051");
const september = { startTime: new Date("2024-09-01T00:00:00Z"), endTime: new Date("2024-10-01T00:00:00Z") };
for await (const event of client.events({ places: ["places/ml-bamako"], timeRange: september })) {
  const { startTime, endTime, precision } = event.time ?? {};
  console.log(`${startTime?.toISOString() ?? "…"} – ${endTime?.toISOString() ?? "…"} ${precision}`);
  console.log(`  ${event.name}: ${event.title}`);
}
client.close();
