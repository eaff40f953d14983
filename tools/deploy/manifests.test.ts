import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { renderManifests } from './kustomize.js';
import { findObject, type KubeObject } from './manifests.js';
import { parseDockerfile, resolveStage } from './dockerfile.js';
import { readComposeFile, serviceEnvironment } from './compose.js';
import { resolveServeSettings } from '../../src/cli/serve.js';
import { REPO_ROOT } from '../../test-support/paths.js';

const ROOT = REPO_ROOT;
const BASE = renderManifests(join(ROOT, 'deploy/kubernetes/base'));
const MINIKUBE = renderManifests(join(ROOT, 'deploy/kubernetes/overlays/minikube'));
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const RUNTIME = resolveStage(parseDockerfile(DOCKERFILE), 'runtime');

/* The slices of the Kubernetes types these checks read. */
interface Probe {
  httpGet?: { path: string; port: number | string };
  periodSeconds?: number;
  failureThreshold?: number;
}
interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  ports: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string } }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface PodSpec {
  terminationGracePeriodSeconds: number;
  securityContext: { runAsNonRoot?: boolean; runAsUser?: number; runAsGroup?: number };
  containers: Container[];
  volumes: { name: string; secret?: { secretName: string; items?: { key: string; path: string }[] }; emptyDir?: object }[];
}
interface Deployment {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    strategy: { type: string; rollingUpdate: { maxUnavailable: number | string; maxSurge: number | string } };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}

const as = <T>(object: KubeObject): T => object as unknown as T;
const deployment = as<Deployment>(findObject(BASE, 'Deployment', 'review-stars'));
const pod = deployment.spec.template.spec;
const podLabels = deployment.spec.template.metadata.labels;
const api = pod.containers.find((c) => c.name === 'api') as Container;
const config = as<{ data: Record<string, string> }>(findObject(BASE, 'ConfigMap', 'review-stars-config')).data;

/** The container's environment as the service sees it: ConfigMap entries, then `env` entries. */
function containerEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of api.envFrom ?? []) {
    const name = source.configMapRef?.name;
    assert.ok(name, 'envFrom only from ConfigMaps');
    Object.assign(env, as<{ data: Record<string, string> }>(findObject(BASE, 'ConfigMap', name)).data);
  }
  for (const entry of api.env ?? []) env[entry.name] = entry.value ?? '';
  return env;
}

const matches = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

/** A CPU quantity in millicores, a memory quantity in bytes (the suffixes used in manifests). */
function quantity(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|k|M|G)?$/.exec(text);
  assert.ok(m, `quantity ${text}`);
  const factor: Record<string, number> = { '': 1000, m: 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, k: 1e3, M: 1e6, G: 1e9 };
  return Number(m[1]) * (factor[m[2] ?? ''] as number);
}

/** Seconds the preStop hook pauses: the `sleep` action, or `node -e "setTimeout(..., ms)"`. */
function preStopPauseSeconds(): number {
  const preStop = api.lifecycle?.preStop;
  if (preStop?.sleep) return preStop.sleep.seconds;
  const script = preStop?.exec?.command.join(' ') ?? '';
  const ms = /setTimeout\(\s*\(\)\s*=>\s*\{\s*\}\s*,\s*(\d+)\s*\)/.exec(script)?.[1];
  assert.ok(ms, `a preStop pause is a sleep action or a node setTimeout, got ${script}`);
  return Number(ms) / 1000;
}

test('the Deployment runs 3 pods and rolls them one at a time with none unavailable', () => {
  assert.equal(deployment.spec.replicas, 3);
  assert.equal(deployment.spec.strategy.type, 'RollingUpdate');
  assert.equal(deployment.spec.strategy.rollingUpdate.maxUnavailable, 0);
  assert.equal(deployment.spec.strategy.rollingUpdate.maxSurge, 1);
  assert.ok(matches(deployment.spec.selector.matchLabels, podLabels), 'the selector selects the pod template');
});

test('probes: startup and readiness on /readyz, liveness on /healthz, all on the container port the service listens on', () => {
  const http = api.ports.find((p) => p.name === 'http');
  assert.ok(http, 'the container names its port "http"');
  assert.equal(http.containerPort, Number(containerEnvironment().REVIEW_STARS_PORT));
  assert.deepEqual(RUNTIME?.expose, [http.containerPort], 'the image exposes the same port');
  const probes = { startupProbe: '/readyz', readinessProbe: '/readyz', livenessProbe: '/healthz' } as const;
  for (const [kind, path] of Object.entries(probes) as [keyof typeof probes, string][]) {
    const probe = api[kind];
    assert.equal(probe?.httpGet?.path, path, kind);
    assert.ok(probe.httpGet.port === 'http' || probe.httpGet.port === http.containerPort, `${kind} port`);
  }
  // The startup probe gives model loading a minute before liveness may restart the pod.
  const startup = api.startupProbe as Probe;
  assert.ok((startup.periodSeconds ?? 10) * (startup.failureThreshold ?? 3) >= 60);
});

test('a stopping pod pauses in preStop, then drains, all within terminationGracePeriodSeconds', () => {
  const pause = preStopPauseSeconds();
  assert.ok(pause >= 3 && pause <= 15, `preStop pause ${pause} s`);
  // The service's drain bound (serve --shutdown-timeout, which the Deployment leaves at its default).
  const drainLimit = resolveServeSettings({}, {}).shutdownTimeoutMs / 1000;
  assert.ok(pod.terminationGracePeriodSeconds >= pause + drainLimit + 5, `grace ${pod.terminationGracePeriodSeconds} s < ${pause} + ${drainLimit} + 5`);
});

test('the container runs the image command, as the image user, non-root with a read-only root file system', () => {
  assert.equal(RUNTIME?.entrypoint, undefined, 'the runtime stage has no ENTRYPOINT, so `command` replaces its CMD');
  assert.deepEqual(api.command, RUNTIME?.cmd);
  assert.equal(api.args, undefined);
  const uid = /useradd[^\n]*--uid\s+(\d+)/.exec(DOCKERFILE)?.[1];
  assert.equal(pod.securityContext.runAsUser, Number(uid), 'runAsUser is the uid the Dockerfile creates');
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.equal(api.securityContext.readOnlyRootFilesystem, true);
  assert.equal(api.securityContext.allowPrivilegeEscalation, false);
  assert.deepEqual(api.securityContext.capabilities?.drop, ['ALL']);
  const tmp = api.volumeMounts.find((m) => m.mountPath === '/tmp');
  assert.ok(tmp && pod.volumes.find((v) => v.name === tmp.name)?.emptyDir, '/tmp is a writable emptyDir');
});

test('resources: requests and limits for CPU and memory, requests within limits', () => {
  for (const resource of ['cpu', 'memory']) {
    const request = api.resources.requests[resource];
    const limit = api.resources.limits[resource];
    assert.ok(request && limit, `${resource} request and limit`);
    assert.ok(quantity(request) <= quantity(limit), `${resource}: ${request} <= ${limit}`);
  }
});

test('the users file comes from the Secret at the path REVIEW_STARS_USERS_FILE names; models from the image', () => {
  const env = containerEnvironment();
  const usersFile = env.REVIEW_STARS_USERS_FILE as string;
  const mount = api.volumeMounts.find((m) => usersFile.startsWith(`${m.mountPath}/`));
  assert.ok(mount?.readOnly, `a read-only volume is mounted above ${usersFile}`);
  const volume = pod.volumes.find((v) => v.name === mount.name);
  assert.equal(volume?.secret?.secretName, 'review-stars-users');
  assert.deepEqual(volume.secret.items, [{ key: 'users.json', path: posix.relative(mount.mountPath, usersFile) }]);
  assert.ok(!BASE.some((o) => o.kind === 'Secret'), 'no Secret is committed: it is made from a users file');

  // REVIEW_STARS_MODELS is where the runtime image copies the committed default model set.
  const copy = RUNTIME?.copies.find((c) => c.sources.includes('models/default'));
  assert.ok(copy && RUNTIME?.workdir, 'the runtime stage copies models/default');
  assert.equal(env.REVIEW_STARS_MODELS, posix.resolve(RUNTIME.workdir, copy.dest));
});

test('Kubernetes and Compose give the service the same settings', () => {
  const compose = serviceEnvironment(readComposeFile(join(ROOT, 'compose.yaml')).services.api ?? {});
  for (const name of ['REVIEW_STARS_HOST', 'REVIEW_STARS_PORT', 'REVIEW_STARS_MODELS']) assert.equal(config[name], compose[name], name);
});

test('Service, Ingress, PodDisruptionBudget and HorizontalPodAutoscaler all point at the API pods', () => {
  const service = as<{ spec: { selector: Record<string, string>; ports: { name: string; port: number; targetPort: string | number }[] } }>(findObject(BASE, 'Service', 'review-stars'));
  assert.ok(matches(service.spec.selector, podLabels));
  const servicePort = service.spec.ports.find((p) => p.name === 'http');
  assert.ok(servicePort && api.ports.some((p) => p.name === servicePort.targetPort || p.containerPort === servicePort.targetPort));

  const ingress = as<{ spec: { rules: { http: { paths: { backend: { service: { name: string; port: { name?: string } } } }[] } }[] } }>(findObject(BASE, 'Ingress'));
  for (const path of ingress.spec.rules.flatMap((r) => r.http.paths)) {
    assert.equal(path.backend.service.name, 'review-stars');
    assert.equal(path.backend.service.port.name, servicePort.name);
  }

  const pdb = as<{ spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } } }>(findObject(BASE, 'PodDisruptionBudget'));
  assert.equal(pdb.spec.minAvailable, 2);
  assert.ok(matches(pdb.spec.selector.matchLabels, podLabels));
  assert.ok(pdb.spec.minAvailable < deployment.spec.replicas, 'a node drain can still evict one pod at a time');

  const hpa = as<{
    apiVersion: string;
    spec: { scaleTargetRef: { apiVersion: string; kind: string; name: string }; minReplicas: number; maxReplicas: number; metrics: { type: string; resource?: { name: string; target: { type: string } } }[] };
  }>(findObject(BASE, 'HorizontalPodAutoscaler'));
  assert.equal(hpa.apiVersion, 'autoscaling/v2');
  assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'review-stars' });
  assert.equal(hpa.spec.minReplicas, deployment.spec.replicas);
  assert.equal(hpa.spec.maxReplicas, 10);
  assert.deepEqual(
    hpa.spec.metrics.map((m) => [m.type, m.resource?.name, m.resource?.target.type]),
    [['Resource', 'cpu', 'Utilization']],
  );
});

test('the minikube overlay uses the locally built image and an ingress host, and keeps the rest of the base', () => {
  const overlay = as<Deployment>(findObject(MINIKUBE, 'Deployment', 'review-stars')).spec.template.spec.containers[0] as Container;
  assert.equal(overlay.imagePullPolicy, 'Never');
  assert.match(overlay.image, /^review-stars:/);
  assert.deepEqual({ ...overlay, image: api.image, imagePullPolicy: api.imagePullPolicy }, api);
  const ingress = as<{ spec: { rules: { host?: string }[] } }>(findObject(MINIKUBE, 'Ingress'));
  assert.equal(ingress.spec.rules[0]?.host, 'review-stars.local');
});
