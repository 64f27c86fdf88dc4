package manifestcheck

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Flags holds, per program (the base name of a container's command: "timelined",
// "timeline-ingest"), the names of the flags it accepts, as its --helpfull lists them.
type Flags map[string]map[string]bool

// The names of a server container's ports: the API (Services refer to it) and, with
// --health_listen, the plaintext health service the probes use.
const (
	grpcPortName   = "grpc"
	healthPortName = "grpc-health"
)

// Check returns every way the manifests fail what timelined and the ingest job need:
//   - each container names its program in `command`, and every --flag in its args, or in a
//     --flagfile it reads from a mounted ConfigMap, is one that program has;
//   - a server container has a port named "grpc" and a --listen on it, gRPC readiness and
//     liveness probes (and a startup probe when it migrates at start) on the plaintext health
//     port (--health_listen, port "grpc-health"; the API port only without TLS);
//   - a file flag (--*_file) points into a mounted volume, and a Secret or ConfigMap volume,
//     an env reference or a flag file names an object and key that exist;
//   - Services, the PodDisruptionBudget and the HorizontalPodAutoscaler reach a workload
//     (selectors match its pod labels, target ports are its ports, the scaled Deployment
//     exists and its containers request CPU).
func Check(objects []Object, flags Flags) []error {
	c := checker{index: indexObjects(objects), flags: flags}
	for _, o := range objects {
		switch v := o.Value.(type) {
		case *appsv1.Deployment:
			c.podTemplate(o, v.Spec.Template, true)
		case *batchv1.CronJob:
			c.podTemplate(o, v.Spec.JobTemplate.Spec.Template, false)
		case *corev1.Service:
			c.service(o, v)
		case *policyv1.PodDisruptionBudget:
			c.selectsAWorkload(o, v.Spec.Selector)
		case *autoscalingv2.HorizontalPodAutoscaler:
			c.autoscaler(o, v)
		}
	}
	return c.errors
}

type checker struct {
	index  map[string]Object // by "Kind/name"
	flags  Flags
	errors []error
}

func indexObjects(objects []Object) map[string]Object {
	index := map[string]Object{}
	for _, o := range objects {
		index[o.Kind+"/"+o.Name] = o
	}
	return index
}

func (c *checker) fail(o Object, format string, args ...any) {
	c.errors = append(c.errors, fmt.Errorf("%s (%s %s): %s", o.Source, o.Kind, o.Name, fmt.Sprintf(format, args...)))
}

// --- Pods ---

func (c *checker) podTemplate(o Object, template corev1.PodTemplateSpec, serves bool) {
	for _, v := range template.Spec.Volumes {
		c.volumeSource(o, v)
	}
	for _, container := range template.Spec.Containers {
		c.container(o, template.Spec, container, serves)
	}
}

func (c *checker) volumeSource(o Object, v corev1.Volume) {
	if s := v.Secret; s != nil {
		for _, item := range s.Items {
			c.hasKey(o, "Secret", s.SecretName, item.Key, s.Optional)
		}
		c.exists(o, "Secret", s.SecretName, s.Optional)
	}
	if m := v.ConfigMap; m != nil {
		for _, item := range m.Items {
			c.hasKey(o, "ConfigMap", m.Name, item.Key, m.Optional)
		}
		c.exists(o, "ConfigMap", m.Name, m.Optional)
	}
}

func (c *checker) container(o Object, pod corev1.PodSpec, container corev1.Container, serves bool) {
	if len(container.Command) == 0 {
		c.fail(o, "container %s: set command, so that its flags can be checked", container.Name)
		return
	}
	program := path.Base(container.Command[0])
	known, ok := c.flags[program]
	if !ok {
		c.fail(o, "container %s: no flag list for program %q", container.Name, program)
		return
	}
	args := container.Args
	for _, arg := range args {
		if strings.HasPrefix(arg, "--flagfile=") {
			args = append(args, c.flagFile(o, pod, container, strings.TrimPrefix(arg, "--flagfile="))...)
		}
	}
	values := map[string]string{}
	for _, arg := range args {
		if !strings.HasPrefix(arg, "--") {
			continue
		}
		name, value, _ := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		if !known[name] && !(strings.HasPrefix(name, "no") && known[strings.TrimPrefix(name, "no")]) {
			c.fail(o, "container %s: %s has no flag --%s", container.Name, program, name)
		}
		values[name] = value
		if strings.HasSuffix(name, "_file") && value != "" {
			c.mountedFile(o, pod, container, "--"+name, value)
		}
	}
	for _, env := range container.Env {
		c.envSource(o, env)
	}
	if serves {
		c.serverPorts(o, container, values)
	}
}

// flagFile returns the lines of a --flagfile that a mounted ConfigMap provides.
func (c *checker) flagFile(o Object, pod corev1.PodSpec, container corev1.Container, file string) []string {
	volume, key, ok := mountedKey(pod, container, file)
	if !ok || volume.ConfigMap == nil || key == "" {
		c.fail(o, "container %s: --flagfile=%s is not a key of a mounted ConfigMap", container.Name, file)
		return nil
	}
	cm, ok := c.index["ConfigMap/"+volume.ConfigMap.Name]
	if !ok {
		return nil // reported by volumeSource
	}
	text, ok := cm.Value.(*corev1.ConfigMap).Data[key]
	if !ok {
		c.fail(o, "container %s: --flagfile=%s: ConfigMap %s has no key %q", container.Name, file, volume.ConfigMap.Name, key)
		return nil
	}
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	return lines
}

// mountedFile checks that a file flag's path lies in a mounted volume and, for a Secret or
// ConfigMap volume, that the object has the key the file comes from.
func (c *checker) mountedFile(o Object, pod corev1.PodSpec, container corev1.Container, flag, file string) {
	volume, key, ok := mountedKey(pod, container, file)
	if !ok {
		c.fail(o, "container %s: %s=%s is in no mounted volume", container.Name, flag, file)
		return
	}
	if key == "" {
		c.fail(o, "container %s: %s=%s: the items of volume %s put no file there", container.Name, flag, file, volume.Name)
		return
	}
	if s := volume.Secret; s != nil {
		c.hasKey(o, "Secret", s.SecretName, key, s.Optional)
	}
	if m := volume.ConfigMap; m != nil {
		c.hasKey(o, "ConfigMap", m.Name, key, m.Optional)
	}
}

// mountedKey finds the volume a file path lies in and the key of that volume it is (its path
// under the mount, mapped back through the volume's items; "" when the items put no file there).
func mountedKey(pod corev1.PodSpec, container corev1.Container, file string) (corev1.Volume, string, bool) {
	for _, mount := range container.VolumeMounts {
		rel, inside := strings.CutPrefix(file, strings.TrimSuffix(mount.MountPath, "/")+"/")
		if !inside {
			continue
		}
		for _, v := range pod.Volumes {
			if v.Name == mount.Name {
				return v, itemKey(v, path.Join(mount.SubPath, rel)), true
			}
		}
	}
	return corev1.Volume{}, "", false
}

func itemKey(v corev1.Volume, rel string) string {
	var items []corev1.KeyToPath
	if v.Secret != nil {
		items = v.Secret.Items
	} else if v.ConfigMap != nil {
		items = v.ConfigMap.Items
	}
	for _, item := range items {
		if item.Path == rel {
			return item.Key
		}
	}
	if len(items) > 0 {
		return "" // items project only the files they list
	}
	return rel
}

func (c *checker) envSource(o Object, env corev1.EnvVar) {
	if env.ValueFrom == nil {
		return
	}
	if ref := env.ValueFrom.SecretKeyRef; ref != nil {
		c.hasKey(o, "Secret", ref.Name, ref.Key, ref.Optional)
	}
	if ref := env.ValueFrom.ConfigMapKeyRef; ref != nil {
		c.hasKey(o, "ConfigMap", ref.Name, ref.Key, ref.Optional)
	}
}

func (c *checker) exists(o Object, kind, name string, optional *bool) {
	if _, ok := c.index[kind+"/"+name]; !ok && !isTrue(optional) {
		c.fail(o, "refers to %s %s, which no manifest defines", kind, name)
	}
}

func (c *checker) hasKey(o Object, kind, name, key string, optional *bool) {
	target, ok := c.index[kind+"/"+name]
	if !ok {
		c.exists(o, kind, name, optional)
		return
	}
	var found bool
	switch v := target.Value.(type) {
	case *corev1.Secret:
		_, inData := v.Data[key]
		_, inString := v.StringData[key]
		found = inData || inString
	case *corev1.ConfigMap:
		_, inData := v.Data[key]
		_, inBinary := v.BinaryData[key]
		found = inData || inBinary
	}
	if !found && !isTrue(optional) {
		c.fail(o, "refers to key %q of %s %s, which has no such key", key, kind, name)
	}
}

func isTrue(b *bool) bool { return b != nil && *b }

// serverPorts checks that the API port and --listen agree, and that the gRPC probes reach the
// health service in plaintext: on --health_listen's port when it is given (the kubelet's gRPC
// probes cannot speak TLS), else on the API port, which must then be plaintext.
func (c *checker) serverPorts(o Object, container corev1.Container, flags map[string]string) {
	ports := map[string]int32{}
	for _, p := range container.Ports {
		ports[p.Name] = p.ContainerPort
	}
	port, ok := ports[grpcPortName]
	if !ok {
		c.fail(o, "container %s: no port named %q", container.Name, grpcPortName)
		return
	}
	c.listensOn(o, container, "listen", flags, port)
	probed := port
	if _, given := flags["health_listen"]; given {
		if probed, ok = ports[healthPortName]; !ok {
			c.fail(o, "container %s: --health_listen without a port named %q", container.Name, healthPortName)
			return
		}
		c.listensOn(o, container, "health_listen", flags, probed)
	} else if flags["tls_cert_file"] != "" {
		c.fail(o, "container %s: gRPC probes cannot use TLS: add --health_listen and probe its port", container.Name)
	}
	probes := map[string]*corev1.Probe{"readinessProbe": container.ReadinessProbe, "livenessProbe": container.LivenessProbe, "startupProbe": container.StartupProbe}
	for name, probe := range probes {
		if probe == nil {
			if name != "startupProbe" {
				c.fail(o, "container %s: no %s", container.Name, name)
			} else if flags["migrations_dir"] != "" {
				c.fail(o, "container %s: no startupProbe, though start-up applies migrations", container.Name)
			}
			continue
		}
		if probe.GRPC == nil {
			c.fail(o, "container %s: %s is not a grpc probe (the server answers grpc.health.v1)", container.Name, name)
		} else if probe.GRPC.Port != probed {
			c.fail(o, "container %s: %s checks port %d, the health service is on %d", container.Name, name, probe.GRPC.Port, probed)
		}
	}
}

// listensOn checks that a host:port flag is given and ends in `port`.
func (c *checker) listensOn(o Object, container corev1.Container, flag string, flags map[string]string, port int32) {
	address, given := flags[flag]
	if !given {
		c.fail(o, "container %s: no --%s (the default may not be the port)", container.Name, flag)
		return
	}
	if i := strings.LastIndex(address, ":"); i < 0 || address[i+1:] != strconv.Itoa(int(port)) {
		c.fail(o, "container %s: --%s=%s is not on the container's port %d", container.Name, flag, address, port)
	}
}

// --- Services, budgets, autoscalers ---

// workloads returns the pod templates of the Deployments whose pod labels `selector` matches.
func (c *checker) workloads(selector labels.Selector) []corev1.PodTemplateSpec {
	var matched []corev1.PodTemplateSpec
	for _, o := range c.index {
		if d, ok := o.Value.(*appsv1.Deployment); ok && selector.Matches(labels.Set(d.Spec.Template.Labels)) {
			matched = append(matched, d.Spec.Template)
		}
	}
	return matched
}

func (c *checker) service(o Object, s *corev1.Service) {
	if len(s.Spec.Selector) == 0 {
		c.fail(o, "no selector")
		return
	}
	pods := c.workloads(labels.SelectorFromSet(s.Spec.Selector))
	if len(pods) == 0 {
		c.fail(o, "selector %v matches no Deployment's pods", s.Spec.Selector)
		return
	}
	for _, p := range s.Spec.Ports {
		target := p.TargetPort
		if target.Type == intstr.Int && target.IntVal == 0 {
			target = intstr.FromInt32(p.Port)
		}
		if !hasPort(pods[0], target) {
			c.fail(o, "port %s: target port %s is not a port of its pods", p.Name, target.String())
		}
	}
}

func hasPort(pod corev1.PodTemplateSpec, target intstr.IntOrString) bool {
	for _, container := range pod.Spec.Containers {
		for _, p := range container.Ports {
			if (target.Type == intstr.String && p.Name == target.StrVal) ||
				(target.Type == intstr.Int && p.ContainerPort == target.IntVal) {
				return true
			}
		}
	}
	return false
}

func (c *checker) selectsAWorkload(o Object, selector *metav1.LabelSelector) {
	s, err := metav1.LabelSelectorAsSelector(selector)
	if err != nil || selector == nil || s.Empty() {
		c.fail(o, "needs a non-empty selector (%v)", err)
		return
	}
	if len(c.workloads(s)) == 0 {
		c.fail(o, "selector matches no Deployment's pods")
	}
}

func (c *checker) autoscaler(o Object, h *autoscalingv2.HorizontalPodAutoscaler) {
	ref := h.Spec.ScaleTargetRef
	target, ok := c.index[ref.Kind+"/"+ref.Name]
	d, isDeployment := target.Value.(*appsv1.Deployment)
	if !ok || !isDeployment {
		c.fail(o, "scales %s %s, which is no Deployment of these manifests", ref.Kind, ref.Name)
		return
	}
	for _, m := range h.Spec.Metrics {
		if m.Resource == nil {
			continue
		}
		for _, container := range d.Spec.Template.Spec.Containers {
			if _, requested := container.Resources.Requests[m.Resource.Name]; !requested {
				c.fail(o, "scales on %s, which container %s of %s does not request", m.Resource.Name, container.Name, d.Name)
			}
		}
	}
}
