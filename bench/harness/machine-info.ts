import { cpus, platform, release, totalmem } from 'node:os';
import type { MachineInfo } from './types';

/**
 * The machine a benchmark ran on: Node version, CPU model, logical cores, memory and OS. Recorded with
 * every result, since a figure means nothing without it.
 * @example machineInfo().cores // 2
 */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    node: process.version,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryBytes: totalmem(),
    platform: `${platform()} ${release()}`,
  };
}
