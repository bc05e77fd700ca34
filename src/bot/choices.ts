import { type APIApplicationCommandOptionChoice, ApplicationCommandOptionType, type AutocompleteInteraction } from 'discord.js';
import type { StoryEngine } from '../engine/api.js';
import type { StoryInfo } from '../engine/types.js';
import { cutAtWord, truncate } from '../shared/text.js';
// Autocomplete answers obey the same limits as a command's choices: at most 25, name and value 1–100 characters.
import { type CommandContext, MAX_CHOICE_NAME, MAX_CHOICES } from './command.js';
import { plainText } from './reply.js';

type Choice = APIApplicationCommandOptionChoice<string>;

/** The refusal when a `story` option names no story the bot knows. */
export const UNKNOWN_STORY_TEXT = 'I don’t know that story — pick one from the list, or see `/story`.';

/** The `story` option of the moderators' commands (/insights, /faq): which story's questions. */
export const QUESTIONS_STORY_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'story',
  description: 'Only questions about this story (default: all)',
  autocomplete: true,
} as const;

/** The `story` option of the commands that read the stories' register (/people, /quotes): one story or all. */
export const ONE_STORY_OPTION = {
  type: ApplicationCommandOptionType.String,
  name: 'story',
  description: 'Only this story (default: every story)',
  autocomplete: true,
} as const;

/** The autocomplete of a command whose only autocompleted option is `story`: the stories, filtered by what was typed. */
export async function storyAutocomplete(interaction: AutocompleteInteraction, { engine }: CommandContext): Promise<'answered'> {
  const focused = interaction.options.getFocused(true);
  await interaction.respond(focused.name === 'story' ? storyChoices(engine.stories(), String(focused.value)) : []);
  return 'answered';
}

/**
 * Suggestions for the `question` option: what the member typed first (so Enter keeps their own
 * words), then the engine's suggestions, without duplicates. Never throws: autocomplete cannot be
 * deferred, and a failed lookup should cost the member suggestions, not the whole box.
 */
export function questionChoices(engine: StoryEngine, partial: string): Choice[] {
  // What was typed goes back as a choice: as plain, well-formed text, or Discord may refuse the list.
  const typed = plainText(partial).replace(/\s+/g, ' ').trim();
  const choices: Choice[] = [];
  const seen = new Set<string>();
  const add = (text: string, name = text) => {
    // A value is sent back as typed: cut at a word, without an ellipsis.
    const value = cutAtWord(text, MAX_CHOICE_NAME);
    const key = value.toLowerCase();
    if (value.length === 0 || seen.has(key) || choices.length >= MAX_CHOICES) return;
    seen.add(key);
    choices.push({ name: truncate(name, MAX_CHOICE_NAME), value });
  };
  if (typed) add(typed);
  let suggestions: string[] = [];
  try {
    suggestions = engine.suggest(typed, MAX_CHOICES, MAX_CHOICE_NAME);
  } catch {
    suggestions = [];
  }
  for (const suggestion of suggestions) add(suggestion.replace(/\s+/g, ' ').trim());
  return choices;
}

/** Choices for a `story` option: value = the story id, name = its title; filtered by what was typed. */
export function storyChoices(stories: readonly StoryInfo[], partial: string): Choice[] {
  const typed = partial.trim().toLowerCase();
  return stories
    .filter((s) => s.id.length <= MAX_CHOICE_NAME)
    .filter((s) => !typed || s.title.toLowerCase().includes(typed) || s.id.toLowerCase().includes(typed))
    .slice(0, MAX_CHOICES)
    .map((s) => ({ name: truncate(s.title, MAX_CHOICE_NAME) || s.id, value: s.id }));
}

/**
 * The story a `story` option names: normally an id picked from autocomplete, but a member may
 * also type a title and press Enter, so an exact title (any case) is accepted too.
 */
export function resolveStory(stories: readonly StoryInfo[], value: string): StoryInfo | undefined {
  const typed = value.trim();
  return stories.find((s) => s.id === typed) ?? stories.find((s) => s.title.toLowerCase() === typed.toLowerCase());
}

/** What an optional `story` option asks for: no story (undefined), a known story, or one the bot does not know (refuse with UNKNOWN_STORY_TEXT). */
export type StoryPick = { ok: true; story: StoryInfo | undefined } | { ok: false };

/** The story an optional `story` option names (see `resolveStory`); left empty, no story. */
export function pickStory(stories: readonly StoryInfo[], value: string | null): StoryPick {
  if (!value) return { ok: true, story: undefined };
  const story = resolveStory(stories, value);
  return story ? { ok: true, story } : { ok: false };
}
