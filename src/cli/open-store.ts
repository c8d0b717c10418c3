import os from 'node:os';
import path from 'node:path';
import { openLocalStore } from '../store/local';
import type { Store } from '../store/types';

export function defaultStoreDir(env: NodeJS.ProcessEnv): string {
  return env.REFINERY_HOME ?? path.join(os.homedir(), '.refinery');
}

export function openCliStore(storeDir: string | undefined, env: NodeJS.ProcessEnv): Promise<Store> {
  return openLocalStore({ dataDir: storeDir ?? defaultStoreDir(env) });
}
