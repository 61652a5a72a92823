// The small part of autocannon 9's API the benchmarks use (the package ships no types).
declare module "autocannon" {
  interface TAutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (request: TAutocannonRequest) => TAutocannonRequest;
  }

  interface TAutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    /** Seconds before a request counts as a timeout (default 10). */
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: TAutocannonRequest[];
  }

  interface TAutocannonHistogram {
    average: number;
    mean: number;
    min: number;
    max: number;
    p50: number;
    p90: number;
    p99: number;
    total: number;
  }

  interface TAutocannonResult {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    statusCodeStats: Record<string, { count: number }>;
    latency: TAutocannonHistogram;
    requests: TAutocannonHistogram & { sent: number };
    /** Bytes per second. */
    throughput: TAutocannonHistogram;
  }

  function autocannon(options: TAutocannonOptions): Promise<TAutocannonResult>;
  export default autocannon;
}
