/**
 * What every part of the local Discord shares: Discord's numbers (message flags and types,
 * interaction types), its error replies (`ApiError`), the shape of a REST route, and small helpers.
 */
import { type FieldError, errorTree } from '../discord-limits.js';
import type { UploadedFile } from '../http-body.js';

export const API_PREFIX = '/api/v10';
export const DISCORD_EPOCH = 1_420_070_400_000n;
export const DEFAULT_WAIT_MS = 5_000;

export const MessageFlag = { SuppressEmbeds: 4, Ephemeral: 64, Loading: 128, SuppressNotifications: 4096 } as const;
export const MessageType = { Default: 0, ChatInputCommand: 20, ContextMenuCommand: 23 } as const;
export const InteractionType = { ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;

export interface RestRequest {
  params: string[];
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
}

export interface RestReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** Interaction callbacks and webhook calls carry their own token instead of the bot's. */
  auth: boolean;
  handle: (req: RestRequest) => RestReply;
}

/** A path segment captured as a route parameter. */
export const ID = '([^/]+)';

/** A route on the path after `/api/v10`; `auth` false for routes that carry their own token. */
export function route(method: string, path: string, handle: Route['handle'], auth = true): Route {
  return { method, pattern: new RegExp(`^${path}$`), auth, handle };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
  }

  static invalidForm(errors: FieldError[]): ApiError {
    return new ApiError(400, 50035, 'Invalid Form Body', errorTree(errors));
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
