export type ChatRole = 'system' | 'user' | 'assistant';

/** One part of a user message with an image, in the OpenAI chat-completions shape. */
export type ChatContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

/**
 * A chat message as it goes on the wire: plain text, or, for a user message that carries an
 * image (`{{media}}`, or an image in a conversation from the dataset), parts. OpenAI-style APIs
 * take images in user messages only.
 */
export type ChatMessage = { role: 'system' | 'assistant'; content: string } | { role: 'user'; content: string | ChatContentPart[] };

/** The text of a message (its text parts joined); images contribute nothing. */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  let text = '';
  for (const part of message.content) if (part.type === 'text') text += part.text;
  return text;
}

/** How many images a message carries. */
export function imageCount(message: ChatMessage): number {
  return typeof message.content === 'string' ? 0 : message.content.filter((part) => part.type === 'image_url').length;
}
