/**
 * Discord's payload limits, checked the way Discord checks them: lengths in Unicode code points
 * (Discord's API is Python and counts `len(str)`), failures reported as a 400 "Invalid Form Body"
 * (code 50035) whose `errors` tree mirrors the payload, so the bot meets the same refusals here as
 * in production.
 */

export interface FieldError {
  /** Dotted path into the payload, e.g. `data.embeds.0.description`. */
  path: string;
  code: string;
  message: string;
}

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooterText: 2048,
  embedAuthorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  componentsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectOptionText: 100,
  selectPlaceholder: 150,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceStringValue: 100,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  chatInputCommands: 100,
  contextMenuCommands: 5,
  optionLength: 6000,
} as const;

/** Message flags a bot may set when sending: SUPPRESS_EMBEDS, EPHEMERAL, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2. */
const SENDABLE_FLAGS = 4 | 64 | 4096 | 32768;
const IS_COMPONENTS_V2 = 32768;

/** Discord's string length: code points, not UTF-16 units. */
export function discordLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Checker {
  readonly errors: FieldError[] = [];

  add(path: string, code: string, message: string): void {
    this.errors.push({ path, code, message });
  }

  /** A string field: type, then max (and min) length. */
  text(path: string, value: unknown, max: number, min = 0): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') {
      this.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
      return;
    }
    const length = discordLength(value);
    if (length > max) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    } else if (length < min) {
      this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
    }
  }

  list(path: string, value: unknown, max: number): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
      return [];
    }
    if (value.length > max) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
    return value;
  }
}

function checkEmbeds(c: Checker, path: string, embeds: unknown): void {
  let total = 0;
  const count = (value: unknown) => {
    if (typeof value === 'string') total += discordLength(value);
  };
  c.list(path, embeds, LIMITS.embeds).forEach((embed, i) => {
    const at = `${path}.${i}`;
    if (!isRecord(embed)) {
      c.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    c.text(`${at}.title`, embed.title, LIMITS.embedTitle);
    c.text(`${at}.description`, embed.description, LIMITS.embedDescription);
    count(embed.title);
    count(embed.description);
    if (isRecord(embed.footer)) {
      c.text(`${at}.footer.text`, embed.footer.text, LIMITS.embedFooterText);
      count(embed.footer.text);
    }
    if (isRecord(embed.author)) {
      c.text(`${at}.author.name`, embed.author.name, LIMITS.embedAuthorName);
      count(embed.author.name);
    }
    c.list(`${at}.fields`, embed.fields, LIMITS.embedFields).forEach((field, j) => {
      const fieldAt = `${at}.fields.${j}`;
      if (!isRecord(field)) {
        c.add(fieldAt, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
        return;
      }
      if (typeof field.name !== 'string' || field.name.length === 0) {
        c.add(`${fieldAt}.name`, 'BASE_TYPE_REQUIRED', 'This field is required');
      }
      if (typeof field.value !== 'string' || field.value.length === 0) {
        c.add(`${fieldAt}.value`, 'BASE_TYPE_REQUIRED', 'This field is required');
      }
      c.text(`${fieldAt}.name`, field.name, LIMITS.embedFieldName);
      c.text(`${fieldAt}.value`, field.value, LIMITS.embedFieldValue);
      count(field.name);
      count(field.value);
    });
  });
  if (total > LIMITS.embedTotal) {
    c.add(path, 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${LIMITS.embedTotal}`);
  }
}

function checkComponent(c: Checker, path: string, component: unknown, customIds: Set<string>): void {
  if (!isRecord(component)) {
    c.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  if (component.custom_id !== undefined) {
    c.text(`${path}.custom_id`, component.custom_id, LIMITS.customId, 1);
    if (typeof component.custom_id === 'string') {
      if (customIds.has(component.custom_id)) {
        c.add(`${path}.custom_id`, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      }
      customIds.add(component.custom_id);
    }
  }
  switch (component.type) {
    case 1: {
      const children = c.list(`${path}.components`, component.components, LIMITS.componentsPerRow);
      if (children.length === 0) {
        c.add(`${path}.components`, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
      }
      children.forEach((child, i) => {
        checkComponent(c, `${path}.components.${i}`, child, customIds);
      });
      break;
    }
    case 2: {
      c.text(`${path}.label`, component.label, LIMITS.buttonLabel);
      const isLink = component.style === 5;
      const isPremium = component.style === 6;
      if (isLink && typeof component.url !== 'string') {
        c.add(`${path}.url`, 'BUTTON_COMPONENT_URL_REQUIRED', 'A url is required');
      }
      if (!isLink && !isPremium && typeof component.custom_id !== 'string') {
        c.add(`${path}.custom_id`, 'BUTTON_COMPONENT_CUSTOM_ID_REQUIRED', 'A custom id is required');
      }
      if (isLink && component.custom_id !== undefined) {
        c.add(`${path}.custom_id`, 'BUTTON_COMPONENT_LINK_CUSTOM_ID', 'A link button cannot have a custom id');
      }
      break;
    }
    case 3: {
      c.text(`${path}.placeholder`, component.placeholder, LIMITS.selectPlaceholder);
      c.list(`${path}.options`, component.options, LIMITS.selectOptions).forEach((option, i) => {
        if (!isRecord(option)) return;
        c.text(`${path}.options.${i}.label`, option.label, LIMITS.selectOptionText, 1);
        c.text(`${path}.options.${i}.value`, option.value, LIMITS.selectOptionText, 1);
        c.text(`${path}.options.${i}.description`, option.description, LIMITS.selectOptionText);
      });
      break;
    }
    default: {
      // Components V2 containers: check what they hold for the same custom id rules.
      if (Array.isArray(component.components)) {
        component.components.forEach((child, i) => {
          checkComponent(c, `${path}.components.${i}`, child, customIds);
        });
      }
      if (component.accessory !== undefined) checkComponent(c, `${path}.accessory`, component.accessory, customIds);
    }
  }
}

function checkAllowedMentions(c: Checker, path: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (!isRecord(value)) {
    c.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const parse = Array.isArray(value.parse) ? value.parse : [];
  for (const [i, kind] of parse.entries()) {
    if (kind !== 'users' && kind !== 'roles' && kind !== 'everyone') {
      c.add(`${path}.parse.${i}`, 'BASE_TYPE_CHOICES', `Value must be one of {'users', 'roles', 'everyone'}.`);
    }
  }
  for (const kind of ['users', 'roles'] as const) {
    if (parse.includes(kind) && Array.isArray(value[kind]) && value[kind].length > 0) {
      c.add(`${path}.parse`, 'SET_TYPE_ALREADY_CONTAINS_VALUE', `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`);
    }
  }
}

export interface MessageCheckOptions {
  /** Prefix of every error path (`data` inside an interaction callback). */
  path?: string;
  /** A new message must have something to show; an edit may change one field. */
  isNew: boolean;
  /** Files that came with the request (multipart). */
  fileCount?: number;
}

/**
 * Checks a message body (channel message, webhook message, interaction callback data).
 * Returns `{ empty: true }` for a new message with nothing to show: Discord answers that with
 * 400 code 50006 rather than 50035.
 */
export function checkMessage(body: unknown, options: MessageCheckOptions): { errors: FieldError[]; empty: boolean } {
  const c = new Checker();
  const at = (field: string) => (options.path ? `${options.path}.${field}` : field);
  if (!isRecord(body)) {
    if (options.isNew) return { errors: [], empty: true };
    return { errors: [], empty: false };
  }
  c.text(at('content'), body.content, LIMITS.content);
  checkEmbeds(c, at('embeds'), body.embeds);
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  if ((flags & ~SENDABLE_FLAGS) !== 0) {
    c.add(at('flags'), 'MESSAGE_FLAGS_INVALID', 'Invalid message flags');
  }
  const isV2 = (flags & IS_COMPONENTS_V2) !== 0;
  if (isV2 && (body.content || (Array.isArray(body.embeds) && body.embeds.length > 0))) {
    c.add(
      at('content'),
      'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
      "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
    );
  }
  const customIds = new Set<string>();
  c.list(at('components'), body.components, isV2 ? 40 : LIMITS.actionRows).forEach((row, i) => {
    if (!isV2 && isRecord(row) && row.type !== 1) {
      c.add(`${at('components')}.${i}.type`, 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
    }
    checkComponent(c, `${at('components')}.${i}`, row, customIds);
  });
  checkAllowedMentions(c, at('allowed_mentions'), body.allowed_mentions);
  const hasContent = typeof body.content === 'string' && body.content.length > 0;
  const hasEmbeds = Array.isArray(body.embeds) && body.embeds.length > 0;
  const hasComponents = Array.isArray(body.components) && body.components.length > 0;
  const hasOther = body.sticker_ids !== undefined || body.poll !== undefined;
  const empty = options.isNew && !hasContent && !hasEmbeds && !hasComponents && !hasOther && !(options.fileCount ?? 0);
  return { errors: c.errors, empty };
}

/** Checks the choices of an autocomplete callback (type 8). */
export function checkChoices(data: unknown, path = 'data'): FieldError[] {
  const c = new Checker();
  if (!isRecord(data) || !Array.isArray(data.choices)) {
    c.add(`${path}.choices`, 'BASE_TYPE_REQUIRED', 'This field is required');
    return c.errors;
  }
  c.list(`${path}.choices`, data.choices, LIMITS.autocompleteChoices).forEach((choice, i) => {
    const at = `${path}.choices.${i}`;
    if (!isRecord(choice)) {
      c.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    if (typeof choice.name !== 'string') c.add(`${at}.name`, 'BASE_TYPE_REQUIRED', 'This field is required');
    c.text(`${at}.name`, choice.name, LIMITS.choiceName, 1);
    if (typeof choice.value === 'string') {
      c.text(`${at}.value`, choice.value, LIMITS.choiceStringValue);
    } else if (typeof choice.value !== 'number') {
      c.add(`${at}.value`, 'BASE_TYPE_REQUIRED', 'This field is required');
    }
  });
  return c.errors;
}

// Discord's documented name pattern for CHAT_INPUT commands and options.
const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkOptions(c: Checker, path: string, options: unknown, depth: number): void {
  const list = c.list(path, options, LIMITS.commandOptions);
  const names = new Set<string>();
  let sawOptional = false;
  list.forEach((option, i) => {
    const at = `${path}.${i}`;
    if (!isRecord(option)) {
      c.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    const name = option.name;
    if (typeof name !== 'string' || !CHAT_INPUT_NAME.test(name) || name !== name.toLowerCase()) {
      c.add(`${at}.name`, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    } else if (names.has(name)) {
      c.add(`${at}.name`, 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option name already exists');
    } else {
      names.add(name);
    }
    c.text(`${at}.description`, option.description, LIMITS.commandDescription, 1);
    if (typeof option.description !== 'string') {
      c.add(`${at}.description`, 'BASE_TYPE_REQUIRED', 'This field is required');
    }
    const isGroup = option.type === 1 || option.type === 2;
    if (isGroup) {
      if (depth >= 2 || (option.type === 2 && depth >= 1)) {
        c.add(`${at}.type`, 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Subcommands cannot be nested this deep');
      }
      checkOptions(c, `${at}.options`, option.options, depth + 1);
      return;
    }
    if (option.required === true && sawOptional) {
      c.add(at, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    }
    if (option.required !== true) sawOptional = true;
    if (option.autocomplete === true && Array.isArray(option.choices) && option.choices.length > 0) {
      c.add(`${at}.autocomplete`, 'AUTOCOMPLETE_CHOICES_MUTUALLY_EXCLUSIVE', 'Autocomplete and choices cannot both be set');
    }
    c.list(`${at}.choices`, option.choices, LIMITS.autocompleteChoices).forEach((choice, j) => {
      if (!isRecord(choice)) return;
      c.text(`${at}.choices.${j}.name`, choice.name, LIMITS.choiceName, 1);
      if (typeof choice.value === 'string') c.text(`${at}.choices.${j}.value`, choice.value, LIMITS.choiceStringValue);
    });
    for (const key of ['min_length', 'max_length'] as const) {
      const n = option[key];
      if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > LIMITS.optionLength)) {
        c.add(`${at}.${key}`, 'NUMBER_TYPE_MAX', `Must be between 0 and ${LIMITS.optionLength}.`);
      }
    }
  });
}

/** Checks a bulk command registration (PUT /applications/{app}[/guilds/{guild}]/commands). */
export function checkCommands(body: unknown): FieldError[] {
  const c = new Checker();
  if (!Array.isArray(body)) {
    c.add('', 'BASE_TYPE_ARRAY', 'Must be an array.');
    return c.errors;
  }
  const seen = new Set<string>();
  const perType = new Map<number, number>();
  body.forEach((command, i) => {
    const at = `${i}`;
    if (!isRecord(command)) {
      c.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    const type = typeof command.type === 'number' ? command.type : 1;
    perType.set(type, (perType.get(type) ?? 0) + 1);
    const name = command.name;
    if (type === 1) {
      if (typeof name !== 'string' || !CHAT_INPUT_NAME.test(name) || name !== name.toLowerCase()) {
        c.add(`${at}.name`, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
      }
      if (typeof command.description !== 'string') {
        c.add(`${at}.description`, 'BASE_TYPE_REQUIRED', 'This field is required');
      }
      c.text(`${at}.description`, command.description, LIMITS.commandDescription, 1);
      checkOptions(c, `${at}.options`, command.options, 0);
    } else {
      c.text(`${at}.name`, name, LIMITS.commandName, 1);
      if (typeof name !== 'string') c.add(`${at}.name`, 'BASE_TYPE_REQUIRED', 'This field is required');
      if (command.description !== undefined && command.description !== '') {
        c.add(`${at}.description`, 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have a description');
      }
      if (command.options !== undefined && !(Array.isArray(command.options) && command.options.length === 0)) {
        c.add(`${at}.options`, 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS', 'Context menu commands cannot have options');
      }
    }
    const key = `${type}:${String(name)}`;
    if (seen.has(key)) {
      c.add(`${at}.name`, 'APPLICATION_COMMAND_ALREADY_EXISTS', 'Application command with that name already exists');
    }
    seen.add(key);
  });
  if ((perType.get(1) ?? 0) > LIMITS.chatInputCommands) {
    c.add('', 'APPLICATION_COMMANDS_MAX', `Maximum number of application commands reached (${LIMITS.chatInputCommands})`);
  }
  for (const type of [2, 3]) {
    if ((perType.get(type) ?? 0) > LIMITS.contextMenuCommands) {
      c.add('', 'APPLICATION_COMMANDS_MAX', `Maximum number of context menu commands reached (${LIMITS.contextMenuCommands})`);
    }
  }
  return c.errors;
}

/** Turns field errors into Discord's nested `errors` tree: `{embeds: {0: {description: {_errors: [...]}}}}`. */
export function errorTree(errors: FieldError[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const error of errors) {
    let node = root;
    for (const key of error.path.split('.').filter((k) => k.length > 0)) {
      if (!isRecord(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    if (!Array.isArray(node._errors)) node._errors = [];
    (node._errors as { code: string; message: string }[]).push({ code: error.code, message: error.message });
  }
  return root;
}
