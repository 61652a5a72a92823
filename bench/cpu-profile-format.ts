// The parts of a V8 CPU profile (node --cpu-prof's .cpuprofile JSON) the profile readers use.
import fs from "node:fs";

export interface TCallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber?: number;
}
export interface TProfileNode {
  id: number;
  callFrame: TCallFrame;
  children?: number[];
}
export interface TCpuProfile {
  nodes: TProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

export function readCpuProfile(file: string): TCpuProfile {
  return JSON.parse(fs.readFileSync(file, "utf8")) as TCpuProfile;
}
