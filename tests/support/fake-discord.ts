/**
 * The local Discord for the end-to-end tests. It lives in `tests/support/discord/` (one file per
 * part it stands in for); this module keeps the import path every test uses.
 */
export { FakeDiscord } from './discord/server.js';
export {
  type CallbackBody,
  type CallbackData,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_MEMBER_ID,
  DEFAULT_MEMBER_PERMISSIONS,
  DiscordErrors,
  type FakeDiscordOptions,
  type FaultResponse,
  type GatewayStats,
  type InteractionContext,
  type InteractionHandle,
  type OptionInput,
  Permission,
  type RecordedRequest,
  type StoredMessage,
} from './discord/types.js';
