import type { SecretStore } from '../../src/extension/auth/secret-storage-adapter';

/** VS Code's SecretStorage, in memory: what the tests read back is what the code stored. */
export class FakeSecrets implements SecretStore {
  readonly values = new Map<string, string>();
  get(key: string) {
    return Promise.resolve(this.values.get(key));
  }
  store(key: string, value: string) {
    this.values.set(key, value);
    return Promise.resolve();
  }
  delete(key: string) {
    this.values.delete(key);
    return Promise.resolve();
  }
}
