// The curated seed data (data/seed.json) as the tests refer to it: the resource names of its
// events, actors, places and sources, and the coordinates of its located places. Every value
// here is copied from data/seed.json, never from what the service answered, so that the tests
// compare the service against the fixture.
#pragma once

#include "geo_helpers.h"

namespace timeline::testing::seed_data {

// Events, in the order data/seed.json lists (and the loader creates) them.
inline constexpr char kVisit[] = "events/goita-receives-turkish-parliamentary-delegation";
inline constexpr char kAttacks[] = "events/bamako-attacks-2024-09";
inline constexpr char kDroneStrikes[] = "events/tinzaouaten-drone-strikes";
inline constexpr char kTessalitRetaken[] = "events/tessalit-retaken-by-malian-army";
inline constexpr char kDroneSupplies[] = "events/turkey-supplies-drones-to-mali";
inline constexpr char kPressConference[] = "events/diop-lavrov-press-conference-moscow";

// Actors.
inline constexpr char kGoita[] = "actors/assimi-goita";
inline constexpr char kTurkishDelegation[] = "actors/turkish-parliamentary-delegation-mali-2024";
inline constexpr char kDiliguz[] = "actors/orhan-diliguz";
inline constexpr char kMaliState[] = "actors/mali";
inline constexpr char kTurkeyState[] = "actors/turkey";
inline constexpr char kRussiaState[] = "actors/russia";
inline constexpr char kMalianArmedForces[] = "actors/malian-armed-forces";
inline constexpr char kWagner[] = "actors/wagner-group";
inline constexpr char kAzawadRebels[] = "actors/azawad-rebels";
inline constexpr char kDiop[] = "actors/abdoulaye-diop";
inline constexpr char kLavrov[] = "actors/sergey-lavrov";

// Places: four countries, then the places below them.
inline constexpr char kMali[] = "places/ml";
inline constexpr char kAlgeria[] = "places/dz";
inline constexpr char kRussia[] = "places/ru";
inline constexpr char kTurkey[] = "places/tr";
inline constexpr char kBamako[] = "places/ml-bamako";
inline constexpr char kGendarmerieSchool[] = "places/ml-bamako-gendarmerie-school";
inline constexpr char kMilitaryAirport[] = "places/ml-bamako-military-airport";
inline constexpr char kKidalRegion[] = "places/ml-kidal-region";
inline constexpr char kTessalit[] = "places/ml-tessalit";
inline constexpr char kTinzaouaten[] = "places/ml-tinzaouaten";
inline constexpr char kMoscow[] = "places/ru-moscow";
inline constexpr char kAnkara[] = "places/tr-ankara";

// Sources.
inline constexpr char kEremNews[] = "sources/erem-news-2024-10-12-bamako-ankara";
inline constexpr char kAkhbarBilaHudud[] = "sources/akhbar-bila-hudud-mali-algeria-russia";

// Where the located places are. Bamako's two sites share Bamako's point.
inline constexpr GeoPoint kBamakoPoint{12.65, -8.0};
inline constexpr GeoPoint kTessalitPoint{20.20111, 1.0125};
inline constexpr GeoPoint kKidalRegionCentroid{19.8156, 1.095};
inline constexpr GeoPoint kMaliCentroid{17.570692, -3.996166};
inline constexpr GeoPoint kTurkeyCentroid{38.963745, 35.243322};

}  // namespace timeline::testing::seed_data
