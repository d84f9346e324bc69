/**
 * kube-apiserver's `/metrics`: the Prometheus text a 1.32 apiserver serves, for the metrics a
 * learner greps for — apiserver_request_total and apiserver_request_duration_seconds (per HTTP
 * request, labels as request-labels.ts), apiserver_current_inflight_requests,
 * apiserver_storage_objects (counted from the store at scrape time, so writes pay nothing),
 * kubernetes_build_info (the /version fields) and the process_* collector's metrics. Help texts
 * carry component-base's `[STABLE]`/`[ALPHA]` prefix, families come sorted by name as Go's
 * registry writes them.
 *
 * Uses prom-client (its own Registry, never the global one) for the counters, histograms and the
 * exposition format rather than hand-writing them. Left out: the hundreds of other apiserver
 * metrics, the go_* runtime metrics (a Go process has them; faking them would mislead), and the
 * in-process clients' calls — on a real cluster the controllers, scheduler and kubelets reach the
 * apiserver over HTTP and are counted; here they call the registry directly and are not, which
 * keeps their hot path (the 10,000-pod benchmark) free of any metrics work. Loaded lazily by
 * request-metrics.ts, which does the per-request bookkeeping.
 */
import { createRequire } from 'node:module';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { servedResources } from '../../../shared/api/resources.js';
import type { Store } from '../../store/store.js';
import { resourcePrefix } from '../../store/key-layout.js';
import { versionInfo } from '../version.js';
import type { RequestLabels } from './request-labels.js';

/** The Content-Type of Go's expfmt text format, which prom-client's Registry also announces. */
export const metricsContentType = Registry.PROMETHEUS_CONTENT_TYPE;

const requestLabelNames = ['component', 'dry_run', 'group', 'resource', 'scope', 'subresource', 'verb', 'version'] as const;
/** apiserver_request_duration_seconds' buckets, tuned upstream for the API call latency SLO. */
const durationBuckets = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

/** prom-client's per-metric process collectors (lib/metrics/*.js); the package has no exports map. */
type Collector = (registry: Registry) => void;
const requireCjs = createRequire(import.meta.url);
const processCollectors = ['processMaxFileDescriptors', 'processOpenFileDescriptors', 'osMemoryHeap', 'processStartTime'].map((name) => requireCjs(`prom-client/lib/metrics/${name}.js`) as Collector);

/** Requests being served now, by the max-in-flight filter's kinds. */
export interface InflightCounts {
  mutating: number;
  readOnly: number;
}

export class ApiServerMetrics {
  private readonly registry = new Registry();
  private readonly requests: Counter<(typeof requestLabelNames)[number] | 'code'>;
  private readonly durations: Histogram<(typeof requestLabelNames)[number]>;

  constructor(
    private readonly store: Store,
    private readonly inflight: InflightCounts,
  ) {
    const registers = [this.registry];
    // prom-client calls collect() with the metric as `this`: the closures read the parameter and this helper.
    const storedCounts = () => this.storedCounts();
    new Gauge({
      name: 'apiserver_current_inflight_requests',
      help: '[STABLE] Maximal number of currently used inflight request limit of this apiserver per request kind in last second.',
      labelNames: ['request_kind'],
      registers,
      collect() {
        // Upstream reports the last second's high-water mark; the count at scrape time (the scrape
        // itself included, as there) is what a learner can reason about.
        this.set({ request_kind: 'mutating' }, inflight.mutating);
        this.set({ request_kind: 'readOnly' }, inflight.readOnly);
      },
    });
    this.durations = new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: '[STABLE] Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
      labelNames: requestLabelNames,
      buckets: durationBuckets,
      registers,
    });
    this.requests = new Counter({
      name: 'apiserver_request_total',
      help: '[STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
      labelNames: ['code', ...requestLabelNames],
      registers,
    });
    new Gauge({
      name: 'apiserver_storage_objects',
      help: '[STABLE] Number of stored objects at the time of last check split by kind. In case of a fetching error, the value will be -1.',
      labelNames: ['resource'],
      registers,
      collect() {
        this.reset();
        for (const [label, count] of storedCounts()) this.set({ resource: label }, count);
      },
    });
    new Gauge({
      name: 'kubernetes_build_info',
      help: "[ALPHA] A metric with a constant '1' value labeled by major, minor, git version, git commit, git tree state, build date, Go version, and compiler from which Kubernetes was built, and platform on which it is running.",
      labelNames: ['build_date', 'compiler', 'git_commit', 'git_tree_state', 'git_version', 'go_version', 'major', 'minor', 'platform'],
      registers,
    }).set(
      {
        build_date: versionInfo.buildDate,
        compiler: versionInfo.compiler,
        git_commit: versionInfo.gitCommit,
        git_tree_state: versionInfo.gitTreeState,
        git_version: versionInfo.gitVersion,
        go_version: versionInfo.goVersion,
        major: versionInfo.major,
        minor: versionInfo.minor,
        platform: versionInfo.platform,
      },
      1,
    );
    this.registerProcessMetrics();
  }

  /** The exposition text, families sorted by name as Go's registry writes them. */
  async render(): Promise<string> {
    const text = await this.registry.metrics();
    const families = text.split(/\n(?=# HELP )/).map((family) => family.replace(/\n+$/, ''));
    families.sort((a, b) => (familyName(a) < familyName(b) ? -1 : familyName(a) > familyName(b) ? 1 : 0));
    // prom-client writes a bucket's `le` first; Go's expfmt writes it after the sorted labels.
    return `${families.join('\n')}\n`.replace(/_bucket\{(le="[^"]*"),([^}]*)\}/g, '_bucket{$2,$1}');
  }

  /** One finished request: a counter increment and a histogram observation, nothing more. */
  record(labels: RequestLabels, code: number, seconds: number): void {
    const { component, dry_run, group, resource, scope, subresource, verb, version } = labels;
    this.requests.inc({ code: String(code), component, dry_run, group, resource, scope, subresource, verb, version });
    this.durations.observe(labels as unknown as Record<string, string>, seconds);
  }

  /** `pods`, `deployments.apps`: the store's count per resource, as the storage layer labels them. */
  private storedCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const info of servedResources()) {
      // Resources that are never stored (reviews and other create-only APIs) have no series upstream.
      if (!info.verbs.includes('list') || info.isView) continue;
      const label = info.group ? `${info.resource}.${info.group}` : info.resource;
      if (!counts.has(label)) counts.set(label, this.store.count(resourcePrefix(info.group, info.resource)));
    }
    return counts;
  }

  private registerProcessMetrics(): void {
    for (const collect of processCollectors) collect(this.registry);
    // osMemoryHeap's VmData gauge has no counterpart in Go's process collector.
    this.registry.removeSingleMetric('process_heap_bytes');
    // prom-client's CPU collector adds user/system counters Go does not have; only the total is kept.
    // From zero, so the first scrape reports all the CPU the process has used, as /proc/self/stat does.
    let last = { user: 0, system: 0 };
    new Counter({
      name: 'process_cpu_seconds_total',
      help: 'Total user and system CPU time spent in seconds.',
      registers: [this.registry],
      collect() {
        const now = process.cpuUsage();
        this.inc((now.user - last.user + now.system - last.system) / 1e6);
        last = now;
      },
    });
  }
}

function familyName(family: string): string {
  const end = family.indexOf(' ', '# HELP '.length);
  return family.slice('# HELP '.length, end);
}
