package manifestcheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The programs whose flags the manifests may use, each from the environment variable that names
// its binary (CTest passes the ones it built), and how to make it list its flags.
var programs = []struct{ name, env, help string }{
	{"timelined", "TIMELINED", "--helpfull"},
	{"timeline-ingest", "TIMELINE_INGEST", "--help"},
}

// A flag as both programs list it: "  --name (help)..." (absl's --helpfull) or "  --name=default".
var flagLine = regexp.MustCompile(`(?m)^\s+--([a-z][a-z0-9_]*)[ =]`)

func realFlags(t *testing.T) Flags {
	t.Helper()
	flags := Flags{}
	for _, p := range programs {
		binary := os.Getenv(p.env)
		if binary == "" {
			t.Fatalf("$%s must name the %s binary (ctest sets it)", p.env, p.name)
		}
		out, _ := exec.Command(binary, p.help).CombinedOutput() // absl's help exits non-zero
		names := map[string]bool{}
		for _, m := range flagLine.FindAllStringSubmatch(string(out), -1) {
			names[m[1]] = true
		}
		if !names["tls_ca_file"] && !names["listen"] {
			t.Fatalf("%s %s listed no flags we know; output:\n%s", binary, p.help, out)
		}
		flags[p.name] = names
	}
	return flags
}

func decodeProject(t *testing.T) []Object {
	t.Helper()
	objects, err := DecodeDir("..")
	if err != nil {
		t.Fatal(err)
	}
	return objects
}

func TestProjectManifestsDecodeStrictlyAndFitTheService(t *testing.T) {
	objects := decodeProject(t)
	kinds := map[string]int{}
	for _, o := range objects {
		kinds[o.Kind]++
	}
	for _, want := range []string{"Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ConfigMap", "Secret", "CronJob"} {
		if kinds[want] == 0 {
			t.Errorf("no %s among the manifests (%v)", want, kinds)
		}
	}
	for _, err := range Check(objects, realFlags(t)) {
		t.Error(err)
	}
}

// decodeWith decodes the project's manifests with one file's text edited by `edit`, which must
// change it.
func decodeWith(t *testing.T, file string, edit func(string) string) ([]Object, error) {
	t.Helper()
	dir := t.TempDir()
	paths, _ := filepath.Glob("../*.yaml")
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		if filepath.Base(path) == file {
			if text = edit(text); text == string(data) {
				t.Fatalf("the edit left %s as it was", file)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(path)), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return DecodeDir(dir)
}

func replace(old, new string) func(string) string {
	return func(s string) string { return strings.Replace(s, old, new, 1) }
}

func TestAMisspelledFieldFailsDecoding(t *testing.T) {
	_, err := DecodeFile("testdata/misspelled-field.yaml")
	if err == nil || !strings.Contains(err.Error(), `unknown field "grcp"`) {
		t.Fatalf("want an unknown-field error naming grcp, got %v", err)
	}
	// And the same typo in the project's own Deployment.
	if _, err := decodeWith(t, "timelined.yaml", replace("replicas: 3", "replica: 3")); err == nil || !strings.Contains(err.Error(), "unknown field") {
		t.Fatalf("want an unknown-field error for replica:, got %v", err)
	}
}

func TestAnUnknownKindFailsDecoding(t *testing.T) {
	_, err := DecodeFile("testdata/unknown-kind.yaml")
	if err == nil || !strings.Contains(err.Error(), `unknown kind "Deploymnet"`) {
		t.Fatalf("want an unknown-kind error, got %v", err)
	}
}

// Each edit breaks one thing Check looks for; Check must name it.
func TestChecksCatchWhatTheServiceNeeds(t *testing.T) {
	flags := realFlags(t)
	cases := []struct {
		name, file string
		edit       func(string) string
		want       string
	}{
		{"a flag timelined lacks", "timelined.yaml", replace("--page_token_secret_file=", "--page_token_secret_path="), "has no flag --page_token_secret_path"},
		{"a flag in the flag file timelined lacks", "timelined.yaml", replace("--pool_size=", "--pool_sise="), "has no flag --pool_sise"},
		{"a flag the ingest job lacks", "timeline-ingest-cronjob.yaml", replace("--batch_size=", "--batch=size="), "has no flag --batch"},
		{"a probe on another port", "timelined.yaml", replace("{port: 50052} # readiness", "{port: 50051} # readiness"), "readinessProbe checks port 50051"},
		{"a health listener on another port", "timelined.yaml", replace("--health_listen=0.0.0.0:50052", "--health_listen=0.0.0.0:50053"), "--health_listen=0.0.0.0:50053 is not on"},
		{"a file flag outside the mounts", "timelined.yaml", replace("--tls_key_file=/etc/timeline/secret/", "--tls_key_file=/etc/timeline/"), "--tls_key_file=/etc/timeline/tls.key is in no mounted volume"},
		{"a missing Secret key", "timelined-secret.example.yaml", replace("page-token-secret: ", "page-token-key: "), `key "page-token-secret" of Secret timelined`},
		{"a Secret item the flag does not read", "timelined.yaml", replace("{key: access, path: access}", "{key: access, path: access.txt}"), "the items of volume secret put no file there"},
		{"a Service that reaches no pod", "timelined.yaml", replace("targetPort: grpc", "targetPort: grcp"), "target port grcp is not a port"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			objects, err := decodeWith(t, tc.file, tc.edit)
			if err != nil {
				t.Fatal(err)
			}
			var messages []string
			for _, e := range Check(objects, flags) {
				messages = append(messages, e.Error())
			}
			if !strings.Contains(strings.Join(messages, "\n"), tc.want) {
				t.Fatalf("want an error containing %q, got %q", tc.want, messages)
			}
		})
	}
}

// `kubectl apply -k` applies every manifest but the example Secret, which would overwrite the
// real one with placeholders.
func TestKustomizationAppliesEveryManifestButTheExampleSecret(t *testing.T) {
	k, err := DecodeKustomization("../kustomization.yaml")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, r := range k.Resources {
		listed[r] = true
	}
	files, err := ManifestFiles("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		example := strings.HasSuffix(name, ".example.yaml")
		if listed[name] == example {
			t.Errorf("%s: listed in kustomization.yaml: %v, want %v", name, listed[name], !example)
		}
		delete(listed, name)
	}
	for r := range listed {
		t.Errorf("kustomization.yaml lists %s, which is not a manifest here", r)
	}
	data, err := os.ReadFile("../kustomization.yaml")
	if err != nil {
		t.Fatal(err)
	}
	misspelled := filepath.Join(t.TempDir(), "kustomization.yaml")
	if err := os.WriteFile(misspelled, []byte(strings.Replace(string(data), "resources:", "resource:", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeKustomization(misspelled); err == nil || !strings.Contains(err.Error(), "unknown field") {
		t.Fatalf("want an unknown-field error for resource:, got %v", err)
	}
}
