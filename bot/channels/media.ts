// What the bot understands of a platform's attachment kinds, as Bot Framework content types:
// the same for Messenger and Zalo, so an image or a sticker is answered the same on both.
const MEDIA: Record<string, string> = {
  image: 'image/*',
  sticker: 'image/sticker',
  audio: 'audio/*',
  video: 'video/*',
  file: 'application/octet-stream',
};

/** The content type of an attachment kind; `extra` adds a platform's own kinds, others stay the platform's. */
export function mediaContentType(platform: string, kind: string | undefined, extra: Record<string, string> = {}): string {
  if (kind !== undefined && Object.hasOwn(extra, kind)) return extra[kind];
  if (kind !== undefined && Object.hasOwn(MEDIA, kind)) return MEDIA[kind];
  return `application/vnd.${platform}.${kind ?? 'unknown'}`;
}
