import type { Command } from '../src/bot/command.js';
import ask from './ask.js';
import askTheStory from './ask-the-story.js';
import faq from './faq.js';
import help from './help.js';
import insights from './insights.js';
import people from './people.js';
import quotes from './quotes.js';
import story from './story.js';
import summary from './summary.js';

/**
 * Every command, listed once. The bot dispatches from this list and the deploy script registers
 * this list (both through `loadRegistry`), so the two cannot drift apart.
 */
export const commands: readonly Command[] = [ask, summary, people, quotes, story, insights, faq, help, askTheStory];
