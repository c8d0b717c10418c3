/**
 * Ids the activation stubs register and the features fill; also in package.json
 * (activationEvents, views). One tiny module so the activation bundle imports nothing else.
 */
export const RESULTS_VIEW_TYPE = 'refinery.results';
export const RUNS_VIEW_ID = 'refinery.runs';
export const AUTH_PROVIDER_ID = 'refinery-supabase';
export const AUTH_PROVIDER_LABEL = 'Refinery (Supabase)';
export const DOTPROMPT_LANGUAGE_ID = 'dotprompt';
