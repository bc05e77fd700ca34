/**
 * Application commands in the local Discord: bulk and single registration (global or per guild)
 * checked against Discord's rules, listing and deleting, and the ids interactions refer to.
 */
import { checkCommands } from '../discord-limits.js';
import { ApiError, clone, ID as id, type RestReply, type RestRequest, type Route, route } from './protocol.js';
import type { DiscordState } from './state.js';

interface StoredCommand {
  id: string;
  type: number;
  name: string;
  [key: string]: unknown;
}

export interface Registration {
  scope: 'global' | 'guild';
  guildId?: string;
  body: unknown[];
}

export class Commands {
  private readonly commands = new Map<string, StoredCommand[]>();
  private readonly commandIds = new Map<string, string>();
  /** The latest bulk registration (PUT). */
  lastRegistration: Registration | undefined;

  constructor(private readonly discord: DiscordState) {}

  /** The REST routes of `/applications/{id}/commands` and `/applications/{id}/guilds/{id}/commands`. */
  routes(): Route[] {
    const guildScope = (req: RestRequest) => req.params[1];
    return [
      route('PUT', `/applications/${id}/commands`, (req) => this.putCommands(req)),
      route('GET', `/applications/${id}/commands`, (req) => ({
        status: 200,
        body: clone(this.commands.get(this.commandScope(req.params[0])) ?? []),
      })),
      route('POST', `/applications/${id}/commands`, (req) => this.postCommand(req)),
      route('GET', `/applications/${id}/commands/${id}`, (req) => {
        const { list, index } = this.findCommand(this.commandScope(req.params[0]), req.params[1]);
        return { status: 200, body: clone(list[index]) };
      }),
      route('DELETE', `/applications/${id}/commands/${id}`, (req) => {
        const { list, index } = this.findCommand(this.commandScope(req.params[0]), req.params[1]);
        list.splice(index, 1);
        return { status: 204 };
      }),
      route('PUT', `/applications/${id}/guilds/${id}/commands`, (req) => this.putCommands(req, guildScope(req))),
      route('GET', `/applications/${id}/guilds/${id}/commands`, (req) => ({
        status: 200,
        body: clone(this.commands.get(this.commandScope(req.params[0], guildScope(req))) ?? []),
      })),
      route('POST', `/applications/${id}/guilds/${id}/commands`, (req) => this.postCommand(req, guildScope(req))),
      route('DELETE', `/applications/${id}/guilds/${id}/commands/${id}`, (req) => {
        const { list, index } = this.findCommand(this.commandScope(req.params[0], guildScope(req)), req.params[2]);
        list.splice(index, 1);
        return { status: 204 };
      }),
    ];
  }

  /** The id (and guild, for a guild command) of a registered command, or a stable made-up id. */
  commandRef(name: string, type: number, guildId: string | null): { id: string; guild_id?: string } {
    if (guildId) {
      const guildCommand = this.commands.get(guildId)?.find((c) => c.name === name && c.type === type);
      if (guildCommand) return { id: guildCommand.id, guild_id: guildId };
    }
    const global = this.commands.get('global')?.find((c) => c.name === name && c.type === type);
    if (global) return { id: global.id };
    return { id: this.commandId('unregistered', type, name) };
  }

  commandId(scope: string, type: number, name: string): string {
    const key = `${scope}:${type}:${name}`;
    let id = this.commandIds.get(key);
    if (!id) {
      id = this.discord.snowflake();
      this.commandIds.set(key, id);
    }
    return id;
  }

  checkApplication(applicationId: string | undefined): void {
    if (applicationId !== this.discord.applicationId) {
      throw new ApiError(403, 20012, 'You are not authorized to perform this action on this application');
    }
  }

  /** `global` or a guild id the bot is in. */
  commandScope(applicationId: string | undefined, guildId?: string): string {
    this.checkApplication(applicationId);
    if (guildId === undefined) return 'global';
    if (!this.discord.guilds.has(guildId)) throw new ApiError(403, 50001, 'Missing Access');
    return guildId;
  }

  storedCommand(scope: string, body: Record<string, unknown>): StoredCommand {
    const type = typeof body.type === 'number' ? body.type : 1;
    const name = String(body.name);
    return {
      ...clone(body),
      id: this.commandId(scope, type, name),
      application_id: this.discord.applicationId,
      version: this.discord.snowflake(),
      type,
      name,
      description: typeof body.description === 'string' ? body.description : '',
      default_member_permissions: body.default_member_permissions ?? null,
      nsfw: body.nsfw ?? false,
      integration_types: body.integration_types ?? [0],
      contexts: body.contexts ?? null,
      ...(scope === 'global' ? {} : { guild_id: scope }),
    };
  }

  putCommands(req: RestRequest, guildId?: string): RestReply {
    const scope = this.commandScope(req.params[0], guildId);
    const errors = checkCommands(req.body);
    if (errors.length > 0) throw ApiError.invalidForm(errors);
    const body = req.body as Record<string, unknown>[];
    const stored = body.map((command) => this.storedCommand(scope, command));
    this.commands.set(scope, stored);
    this.lastRegistration =
      scope === 'global' ? { scope: 'global', body: clone(body) } : { scope: 'guild', guildId: scope, body: clone(body) };
    return { status: 200, body: clone(stored) };
  }

  postCommand(req: RestRequest, guildId?: string): RestReply {
    const scope = this.commandScope(req.params[0], guildId);
    const errors = checkCommands([req.body]);
    if (errors.length > 0) throw ApiError.invalidForm(errors.map((e) => ({ ...e, path: e.path.replace(/^0\.?/, '') })));
    const command = this.storedCommand(scope, req.body as Record<string, unknown>);
    const list = this.commands.get(scope) ?? [];
    const existing = list.findIndex((c) => c.id === command.id);
    if (existing === -1) list.push(command);
    else list[existing] = command;
    this.commands.set(scope, list);
    return { status: existing === -1 ? 201 : 200, body: clone(command) };
  }

  findCommand(scope: string, commandId: string | undefined): { list: StoredCommand[]; index: number } {
    const list = this.commands.get(scope) ?? [];
    const index = list.findIndex((c) => c.id === commandId);
    if (index === -1) throw new ApiError(404, 10063, 'Unknown application command');
    return { list, index };
  }
}
