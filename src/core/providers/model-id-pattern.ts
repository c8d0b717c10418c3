/** `provider/model`; the model part may itself contain slashes (`groq/openai/gpt-oss-120b`). */
export const MODEL_ID_PATTERN = /^[A-Za-z0-9][\w.-]*\/\S+$/;
