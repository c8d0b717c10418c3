import { describe, expect, it } from 'vitest';
import { describeImage, toRequestView } from '../../../src/extension/results/request-view';

describe('the recorded request as the grade panel shows it', () => {
  it('keeps each text as sent, describes each image (never its bytes), and shows the fields as JSON text', () => {
    const png = `data:image/png;base64,${Buffer.alloc(3000).toString('base64')}`;
    const view = toRequestView({
      messages: [
        '{"role":"system","content":"  Rules.\\n\\n"}',
        `{"role":"user","content":[{"type":"text","text":"Look: "},{"type":"image_url","image_url":{"url":"${png}"}},{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}`,
      ],
      params: { temperature: 0.2, max_completion_tokens: 64, response_format: { type: 'json_object' } },
    });
    expect(view).toEqual({
      messages: [
        { role: 'system', parts: [{ type: 'text', text: '  Rules.\n\n' }] },
        {
          role: 'user',
          parts: [
            { type: 'text', text: 'Look: ' },
            { type: 'image', description: 'image (image/png, 2.9 KB, sent inline)' },
            { type: 'image', description: 'image https://example.com/a.png (fetched by the provider)' },
          ],
        },
      ],
      params: { temperature: '0.2', max_completion_tokens: '64', response_format: '{"type":"json_object"}' },
    });
    expect(JSON.stringify(view)).not.toContain('AAAA');
  });

  it('counts the bytes of an inline image from its base64 length', () => {
    expect(describeImage('data:image/gif;base64,R0lGODlhAQABAAAAACw=')).toBe('image (image/gif, 14 B, sent inline)');
    expect(describeImage('data:;base64,AAAA')).toBe('image (unknown type, 3 B, sent inline)');
  });
});
