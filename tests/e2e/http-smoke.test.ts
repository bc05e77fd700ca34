import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeDiscord } from '../support/fake-discord.js';
import { deliverTo, type HttpBot, startHttpBot } from '../support/discord/http-bot.js';

let discord: FakeDiscord;
let bot: HttpBot;
beforeAll(async () => {
  discord = await FakeDiscord.start();
  bot = await startHttpBot(discord);
  deliverTo(discord, bot);
});
afterAll(async () => {
  await bot?.stop();
  await discord?.stop();
});
it('smoke', async () => {
  const m = await discord.sendCommand('help').final();
  console.log(JSON.stringify(m).slice(0, 300));
  const a = await discord.sendCommand('ask', [{ name: 'question', value: 'How many strikes has the US reported?' }]).final();
  console.log(JSON.stringify(a).slice(0, 500));
  console.log(bot.run.output().slice(-3000));
});
