export declare function cpuMsOfStat(file: string): number | undefined;
