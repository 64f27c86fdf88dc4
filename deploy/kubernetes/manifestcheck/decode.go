// Package manifestcheck checks the Kubernetes manifests of deploy/kubernetes before anyone applies
// them: every document is decoded strictly into its k8s.io/api type (an unknown or misspelled
// field, an unknown kind or a duplicated key is an error, as `kubectl apply --validate=strict`
// would report), and then checked for what timelined needs (checks.go).
package manifestcheck

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// Object is one decoded manifest document and where it came from.
type Object struct {
	Source string // "file.yaml#2": the file and the document's number in it, from 1
	Kind   string
	Name   string
	Value  any // a pointer to the k8s.io/api type: *appsv1.Deployment, *corev1.Secret, ...
}

// The kinds the project's manifests may use, by apiVersion and kind. A kind not listed is an
// error: it is either a typo or a new kind that needs adding here (and a check, if it carries
// something timelined reads).
var kinds = map[metav1.TypeMeta]func() any{
	{APIVersion: "v1", Kind: "ConfigMap"}:                           func() any { return &corev1.ConfigMap{} },
	{APIVersion: "v1", Kind: "Secret"}:                              func() any { return &corev1.Secret{} },
	{APIVersion: "v1", Kind: "Service"}:                             func() any { return &corev1.Service{} },
	{APIVersion: "v1", Kind: "PersistentVolumeClaim"}:               func() any { return &corev1.PersistentVolumeClaim{} },
	{APIVersion: "apps/v1", Kind: "Deployment"}:                     func() any { return &appsv1.Deployment{} },
	{APIVersion: "batch/v1", Kind: "CronJob"}:                       func() any { return &batchv1.CronJob{} },
	{APIVersion: "policy/v1", Kind: "PodDisruptionBudget"}:          func() any { return &policyv1.PodDisruptionBudget{} },
	{APIVersion: "autoscaling/v2", Kind: "HorizontalPodAutoscaler"}: func() any { return &autoscalingv2.HorizontalPodAutoscaler{} },
}

var documentSeparator = regexp.MustCompile(`(?m)^---[ \t]*$`)

// DecodeFile decodes every document of a YAML file; empty documents (comments only) are skipped.
func DecodeFile(path string) ([]Object, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var objects []Object
	for i, doc := range documentSeparator.Split(string(data), -1) {
		source := fmt.Sprintf("%s#%d", filepath.Base(path), i+1)
		object, err := decodeDocument(source, []byte(doc))
		if err != nil {
			return nil, err
		}
		if object != nil {
			objects = append(objects, *object)
		}
	}
	return objects, nil
}

// ManifestFiles lists a folder's *.yaml files in name order, less kustomization.yaml (not an
// API object).
func ManifestFiles(dir string) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var manifests []string
	for _, path := range paths {
		if filepath.Base(path) != kustomizationFile {
			manifests = append(manifests, path)
		}
	}
	return manifests, nil
}

const kustomizationFile = "kustomization.yaml"

// DecodeDir decodes the manifests of a folder (ManifestFiles).
func DecodeDir(dir string) ([]Object, error) {
	paths, err := ManifestFiles(dir)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no *.yaml manifests in %s", dir)
	}
	var objects []Object
	for _, path := range paths {
		decoded, err := DecodeFile(path)
		if err != nil {
			return nil, err
		}
		objects = append(objects, decoded...)
	}
	return objects, nil
}

func decodeDocument(source string, doc []byte) (*Object, error) {
	var generic map[string]any
	if err := yaml.Unmarshal(doc, &generic); err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	if len(generic) == 0 {
		return nil, nil
	}
	var meta metav1.TypeMeta
	if err := yaml.Unmarshal(doc, &meta); err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	newObject, known := kinds[meta]
	if !known {
		return nil, fmt.Errorf("%s: unknown kind %q of apiVersion %q", source, meta.Kind, meta.APIVersion)
	}
	value := newObject()
	// UnmarshalStrict: a field the type does not have, or a key given twice, is an error.
	if err := yaml.UnmarshalStrict(bytes.TrimSpace(doc), value); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", source, meta.Kind, err)
	}
	name := value.(metav1.Object).GetName()
	if name == "" {
		return nil, fmt.Errorf("%s: %s without metadata.name", source, meta.Kind)
	}
	return &Object{Source: source, Kind: meta.Kind, Name: name, Value: value}, nil
}

// Kustomization is the part of kustomization.yaml the project uses; DecodeKustomization refuses
// any other field, so that a typo there is caught like one in a manifest.
type Kustomization struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Namespace  string   `json:"namespace"`
	Resources  []string `json:"resources"`
}

func DecodeKustomization(path string) (*Kustomization, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var k Kustomization
	if err := yaml.UnmarshalStrict(data, &k); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	if k.APIVersion != "kustomize.config.k8s.io/v1beta1" || k.Kind != "Kustomization" {
		return nil, fmt.Errorf("%s: unknown kind %q of apiVersion %q", filepath.Base(path), k.Kind, k.APIVersion)
	}
	return &k, nil
}
