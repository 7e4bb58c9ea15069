// A tiny Prometheus registry: counters and histograms in the text exposition format 0.0.4, no
// dependency. Label values are names the code chooses (operations, error codes, consumers,
// outcomes, event types), never request data: no ids, no personal data.
export type Labels = Readonly<Record<string, string>>;

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Seconds: RPCs and HTTP requests (5 ms .. 10 s). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds: from an append to its publish (10 ms .. 5 min). */
export const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export interface Counter {
  inc(labels?: Labels, by?: number): void;
  get(labels?: Labels): number;
}

export interface Histogram {
  observe(labels: Labels, value: number): void;
  /** Observations so far for these labels. */
  count(labels?: Labels): number;
}

interface Series {
  labels: string[];
  value: number; // counter
  buckets: number[]; // histogram: per-bucket (not cumulative) counts
  sum: number;
  count: number;
}

interface Metric {
  name: string;
  help: string;
  type: 'counter' | 'histogram' | 'gauge';
  labelNames: readonly string[];
  /** A gauge is read when exposed (pool in use, handlers waiting). */
  read?: () => number;
  buckets: readonly number[];
  series: Map<string, Series>;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  /** Registers (or returns the already registered) counter `name`. */
  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    const metric = this.register(name, help, 'counter', labelNames, []);
    return {
      inc: (labels = {}, by = 1) => {
        if (!(by >= 0)) return; // counters only go up; NaN is dropped
        this.seriesOf(metric, labels).value += by;
      },
      get: (labels = {}) => metric.series.get(keyOf(metric, labels))?.value ?? 0,
    };
  }

  /** Registers (or returns the already registered) histogram `name`; buckets are upper bounds, ascending. */
  histogram(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    buckets: readonly number[] = DURATION_BUCKETS,
  ): Histogram {
    const metric = this.register(name, help, 'histogram', labelNames, buckets);
    return {
      observe: (labels, value) => {
        if (!Number.isFinite(value)) return;
        const series = this.seriesOf(metric, labels);
        const i = metric.buckets.findIndex((upper) => value <= upper);
        if (i >= 0) series.buckets[i]++;
        series.sum += value;
        series.count++;
      },
      count: (labels = {}) => metric.series.get(keyOf(metric, labels))?.count ?? 0,
    };
  }

  /** Registers a gauge read at exposition time (no labels). Registering the name again replaces the reader. */
  gauge(name: string, help: string, read: () => number): void {
    this.register(name, help, 'gauge', [], []).read = read;
  }

  /** The text exposition (version 0.0.4). */
  expose(): string {
    const out: string[] = [];
    for (const m of this.metrics.values()) {
      out.push(`# HELP ${m.name} ${m.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${m.name} ${m.type}`);
      if (m.type === 'gauge') {
        out.push(`${m.name} ${num(m.read?.() ?? 0)}`);
        continue;
      }
      // A counter without labels is 0 before its first increment, not absent.
      if (m.series.size === 0 && m.labelNames.length === 0) this.seriesOf(m, {});
      for (const s of m.series.values()) {
        if (m.type === 'counter') {
          out.push(`${m.name}${labelText(m.labelNames, s.labels)} ${num(s.value)}`);
          continue;
        }
        let cumulative = 0;
        m.buckets.forEach((upper, i) => {
          cumulative += s.buckets[i];
          out.push(`${m.name}_bucket${labelText([...m.labelNames, 'le'], [...s.labels, num(upper)])} ${cumulative}`);
        });
        out.push(`${m.name}_bucket${labelText([...m.labelNames, 'le'], [...s.labels, '+Inf'])} ${s.count}`);
        out.push(`${m.name}_sum${labelText(m.labelNames, s.labels)} ${num(s.sum)}`);
        out.push(`${m.name}_count${labelText(m.labelNames, s.labels)} ${s.count}`);
      }
    }
    return out.join('\n') + '\n';
  }

  private register(
    name: string,
    help: string,
    type: Metric['type'],
    labelNames: readonly string[],
    buckets: readonly number[],
  ): Metric {
    const existing = this.metrics.get(name);
    if (existing) {
      if (existing.type !== type || existing.labelNames.join() !== labelNames.join()) {
        throw new Error(`metric ${name} is already registered with another type or labels`);
      }
      return existing;
    }
    if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name ${name}`);
    for (const l of labelNames)
      if (!LABEL_NAME.test(l) || l === 'le' || l.startsWith('__')) throw new Error(`invalid label name ${l}`);
    if (buckets.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= buckets[i - 1])))
      throw new Error(`${name}: buckets must ascend`);
    const metric: Metric = { name, help, type, labelNames: [...labelNames], buckets: [...buckets], series: new Map() };
    this.metrics.set(name, metric);
    return metric;
  }

  private seriesOf(metric: Metric, labels: Labels): Series {
    const key = keyOf(metric, labels);
    let series = metric.series.get(key);
    if (!series) {
      series = {
        labels: metric.labelNames.map((n) => labels[n] ?? ''),
        value: 0,
        buckets: metric.buckets.map(() => 0),
        sum: 0,
        count: 0,
      };
      metric.series.set(key, series);
    }
    return series;
  }
}

const keyOf = (metric: Metric, labels: Labels) => metric.labelNames.map((n) => labels[n] ?? '').join('\u0000');

/** `{a="x",b="y"}`; empty values are left out (Prometheus reads them as absent anyway). */
function labelText(names: readonly string[], values: readonly string[]): string {
  const pairs = names.flatMap((n, i) => (values[i] === '' ? [] : [`${n}="${escapeLabel(values[i])}"`]));
  return pairs.length ? `{${pairs.join(',')}}` : '';
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function num(n: number): string {
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

/** A code-like label value (an error code, an outcome); anything else is reported as OTHER. */
export function codeLabel(code: unknown): string {
  return typeof code === 'string' && /^[A-Za-z0-9_.:-]{1,64}$/.test(code) ? code : 'OTHER';
}

/** The process's registry: one service per process, so one registry is what /metrics exposes. */
export const defaultRegistry = new MetricsRegistry();

/** The runtime's metrics, registered in `registry` (idempotent). */
export function runtimeMetrics(registry: MetricsRegistry = defaultRegistry) {
  return {
    rpcRequests: registry.counter(
      'jiandu_rpc_requests_total',
      'RPC requests served, by operation and outcome (ok, refused with its code, internal)',
      ['operation', 'outcome', 'code'],
    ),
    rpcOverload: registry.counter(
      'jiandu_rpc_overload_total',
      'RPC requests refused at once with 503 because every handler slot was taken, by reason (queue-full, queue-timeout)',
      ['reason'],
    ),
    sensitiveReads: registry.counter(
      'jiandu_sensitive_reads_total',
      'Authorisation decisions on sensitive reads (reporter identity, integrity file, accused name) made by this service, by operation and outcome (granted, refused)',
      ['operation', 'outcome'],
    ),
    rpcDuration: registry.histogram('jiandu_rpc_duration_seconds', 'RPC handling time in seconds, by operation', ['operation']),
    eventsAppended: registry.counter('jiandu_events_appended_total', 'Events appended by executeCommand, by event type', [
      'type',
    ]),
    relayPublished: registry.counter(
      'jiandu_relay_published_total',
      'Public events published by the outbox relay (acked by JetStream), by event type',
      ['type'],
    ),
    relayLag: registry.histogram(
      'jiandu_relay_lag_seconds',
      "Seconds from an event's append (recorded_at) to its publish ack",
      [],
      LAG_BUCKETS,
    ),
    relayFailures: registry.counter(
      'jiandu_relay_failures_total',
      'Relay rounds that stopped short, by reason (publish, invalid-event, unavailable)',
      ['reason'],
    ),
    consumerMessages: registry.counter(
      'jiandu_consumer_messages_total',
      'Messages handled by a consumer, by consumer and outcome (applied, duplicate, naked, parked)',
      ['consumer', 'outcome'],
    ),
    deadlineSignals: registry.counter('jiandu_deadline_signals_total', 'Deadline signals raised by the watcher, by signal', [
      'signal',
    ]),
  };
}

export type RuntimeMetrics = ReturnType<typeof runtimeMetrics>;
