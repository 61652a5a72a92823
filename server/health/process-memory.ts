export interface TProcessMemory {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  /** Memory of C++ objects bound to JavaScript ones (Buffers included). */
  externalMb: number;
  /** Buffers and ArrayBuffers, WebAssembly memories not included. */
  arrayBuffersMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** This process's memory, in MB: which part of RSS is the JavaScript heap and which is not. */
export function readProcessMemory(): TProcessMemory {
  const m = process.memoryUsage();
  return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers) };
}
