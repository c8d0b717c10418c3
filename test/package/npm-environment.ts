/**
 * The environment for an npm that must behave as on a user's machine. Run inside `npm test`,
 * this process carries the outer npm's `npm_*` variables (its project folder as
 * `npm_config_local_prefix`, its user agent…), and a nested npm would act on them.
 */
export function cleanNpmEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(name) || name === 'NODE' || name === 'INIT_CWD') continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}
