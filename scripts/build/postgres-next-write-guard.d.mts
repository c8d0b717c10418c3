export declare const POSTGRES_CONNECTION: RegExp;
export declare function guardNextWrite(code: string, file: string): string;
export declare const postgresNextWriteGuard: { name: string; setup(build: unknown): void };
