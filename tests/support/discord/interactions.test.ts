/**
 * The local Discord's interactions against the real discord.js client: replies, defers,
 * follow-ups, webhooks, autocomplete, buttons, context menus, and Discord's refusals.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, DiscordAPIError, MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { hasFocused, toApiOption } from './interactions.js';
import { connect, until, textChannel, disconnectAll } from './connect.js';
import { DiscordErrors } from '../fake-discord.js';

afterEach(disconnectAll);

describe('interactions', () => {
  it('delivers a slash command and records the reply as response() and final()', async () => {
    const { fake } = await connect({}, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: `You asked: ${i.options.getString('question', true)}`, allowedMentions: { parse: [] } });
    });
    const handle = fake.sendCommand('ask', [{ name: 'question', value: 'who <@400000000000000002>?' }]);
    const response = await handle.response();
    expect(response.type).toBe(4);
    expect(response.data?.content).toBe('You asked: who <@400000000000000002>?');
    const message = await handle.final();
    expect(message).toMatchObject({ author: { id: fake.botUserId }, type: 20, channel_id: fake.channelId });
    expect(message.mentions).toEqual([]);
    expect(fake.messages().map((m) => m.id)).toEqual([message.id]);
  });

  it('records who a reply would ping when the bot does not restrict mentions', async () => {
    const { fake } = await connect({}, async (i) => {
      if (i.isChatInputCommand()) await i.reply('hello <@400000000000000002> and @everyone');
    });
    const message = await fake.sendCommand('ask').final();
    expect(message.mentions.map((u) => u.id)).toEqual(['400000000000000002']);
    expect(message.mention_everyone).toBe(true);
  });

  it('a deferred ephemeral reply reaches final() through the edit of @original', async () => {
    const { fake } = await connect({}, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.editReply({ content: 'the answer' });
    });
    const handle = fake.sendCommand('ask', [{ name: 'question', value: 'why' }]);
    expect(await handle.response()).toEqual({ type: 5, data: { flags: 64 } });
    const message = await handle.final();
    expect(message.content).toBe('the answer');
    expect(message.flags).toBe(64);
    expect(fake.messages()).toEqual([]);
    expect(fake.requests.some((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'))).toBe(true);
  });

  it('the first follow-up after a defer fills in the deferred message', async () => {
    const { fake } = await connect({}, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.followUp('first');
      await i.followUp('second');
    });
    const handle = fake.sendCommand('ask');
    const message = await handle.final();
    expect(message.content).toBe('first');
    await until(() => handle.followups.length === 2, 'two follow-ups');
    expect(handle.followups.map((m) => m.content)).toEqual(['first', 'second']);
    expect(handle.followups[0]?.id).toBe(handle.original?.id);
  });

  it('returns the created message with_response, and fetchReply reads @original', async () => {
    const fetched: string[] = [];
    const { fake } = await connect({}, async (i) => {
      if (!i.isChatInputCommand()) return;
      const response = await i.reply({ content: 'hello', withResponse: true });
      fetched.push(response.resource?.message?.id ?? 'none');
      fetched.push((await i.fetchReply()).id);
    });
    const message = await fake.sendCommand('ask').final();
    await until(() => fetched.length === 2, 'the reply to be fetched');
    expect(fetched).toEqual([message.id, message.id]);
  });

  it('after a deferred update, the edit of the clicked message is final()', async () => {
    const { fake, client } = await connect({}, async (i) => {
      if (!i.isButton()) return;
      await i.deferUpdate();
      await i.editReply({ content: 'context shown' });
    });
    await textChannel(client, fake.channelId).send('answer');
    const [posted] = fake.messages();
    const handle = fake.sendButton('context', posted as NonNullable<typeof posted>);
    expect((await handle.response()).type).toBe(6);
    expect(await handle.final()).toMatchObject({ id: posted?.id, content: 'context shown' });
  });

  it('refuses webhook calls once the interaction token has expired', async () => {
    const errors: unknown[] = [];
    const { fake } = await connect({ interactionTokenTtlMs: 50 }, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await new Promise((resolve) => setTimeout(resolve, 120));
      await i.editReply('too late').catch((error: unknown) => errors.push(error));
    });
    fake.sendCommand('ask');
    await until(() => errors.length === 1, 'the late edit to fail');
    expect(errors[0]).toMatchObject({ code: 50027, status: 401 });
  });

  it('answers autocomplete with choices, and final() refuses it', async () => {
    const { fake } = await connect({}, async (i) => {
      if (!i.isAutocomplete()) return;
      const typed = i.options.getFocused();
      await i.respond([{ name: `${typed} strikes`, value: 'q1' }]);
    });
    const handle = fake.sendAutocomplete('ask', [{ name: 'question', value: 'air', focused: true }]);
    expect(await handle.response()).toEqual({ type: 8, data: { choices: [{ name: 'air strikes', value: 'q1' }] } });
    await expect(handle.final()).rejects.toThrow(/autocomplete/);
  });

  it('a button click can update the message it sits on', async () => {
    const { fake, client } = await connect({}, async (i) => {
      if (i.isButton()) await i.update({ content: `pressed ${i.customId}`, components: [] });
    });
    const button = new ButtonBuilder().setCustomId('more:1').setLabel('More').setStyle(ButtonStyle.Primary);
    const posted = await textChannel(client, fake.channelId).send({
      content: 'answer',
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button)],
    });
    const [stored] = fake.messages();
    expect(stored?.components).toHaveLength(1);
    const handle = fake.sendButton('more:1', stored as NonNullable<typeof stored>);
    const updated = await handle.final();
    expect(updated).toMatchObject({ id: posted.id, content: 'pressed more:1', components: [] });
    expect(fake.messages()[0]?.content).toBe('pressed more:1');
  });

  it('delivers a message context-menu command with the target message resolved', async () => {
    const { fake } = await connect({}, async (i) => {
      if (!i.isMessageContextMenuCommand()) return;
      await i.reply({ content: `Q: ${i.targetMessage.content}`, flags: MessageFlags.Ephemeral });
    });
    const handle = fake.sendMessageCommand('Ask the story', { content: 'Who ordered the strikes?' });
    const message = await handle.final();
    expect(message).toMatchObject({ content: 'Q: Who ordered the strikes?', flags: 64, type: 23 });
  });

  it('delivers interactions from a DM with user instead of member', async () => {
    const seen: { inGuild: boolean; userId: string }[] = [];
    const { fake } = await connect({}, async (i) => {
      if (!i.isChatInputCommand()) return;
      seen.push({ inGuild: i.inGuild(), userId: i.user.id });
      await i.reply('hi');
    });
    await fake.sendCommand('help', [], { dm: true, userId: '400000000000000009' }).final();
    expect(seen).toEqual([{ inGuild: false, userId: '400000000000000009' }]);
  });

  it('sends files as multipart and stores them as attachments', async () => {
    const { fake } = await connect({}, async (i) => {
      if (i.isChatInputCommand()) await i.reply({ files: [{ attachment: Buffer.from('hello'), name: 'story.txt' }] });
    });
    const message = await fake.sendCommand('story').final();
    expect(message.attachments).toMatchObject([{ filename: 'story.txt', size: 5 }]);
    const callback = fake.requests.find((r) => r.path.endsWith('/callback'));
    expect(callback?.files).toMatchObject([{ filename: 'story.txt', size: 5 }]);
    expect(callback?.body).toMatchObject({ type: 4 });
  });

  it("refuses a reply over 2000 characters with Discord's form error", async () => {
    const errors: unknown[] = [];
    const { fake } = await connect({}, async (i) => {
      if (!i.isChatInputCommand()) return;
      try {
        await i.reply('x'.repeat(2001));
      } catch (error) {
        errors.push(error);
        await i.reply('x'.repeat(2000));
      }
    });
    const message = await fake.sendCommand('ask').final();
    expect(message.content).toHaveLength(2000);
    expect(errors[0]).toBeInstanceOf(DiscordAPIError);
    expect(errors[0]).toMatchObject({ code: 50035, rawError: { errors: { data: { content: {} } } } });
  });

  it('refuses a second callback with 40060 and an unknown interaction with 10062', async () => {
    const { fake } = await connect({}, async (i) => {
      if (i.isChatInputCommand()) await i.reply('once');
    });
    const handle = fake.sendCommand('ask');
    await handle.final();
    const post = (id: string, token: string) =>
      fetch(`${fake.apiUrl}/v10/interactions/${id}/${token}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 4, data: { content: 'twice' } }),
      });
    const second = await post(handle.id, handle.token);
    expect(second.status).toBe(400);
    expect(await second.json()).toEqual({ code: 40060, message: 'Interaction has already been acknowledged.' });
    const unknown = await post('123456789012345678', handle.token);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 10062 });
    expect(handle.callbacks).toHaveLength(2);
  });

  it('answers late first callbacks with 10062 when a deadline is set', async () => {
    const errors: unknown[] = [];
    const { fake } = await connect({ interactionDeadlineMs: 50 }, async (i) => {
      if (!i.isChatInputCommand()) return;
      await new Promise((resolve) => setTimeout(resolve, 150));
      await i.reply('too late').catch((error: unknown) => errors.push(error));
    });
    const handle = fake.sendCommand('ask');
    await until(() => errors.length === 1, 'the late reply to fail');
    expect(errors[0]).toMatchObject({ code: 10062 });
    await expect(handle.response(50)).rejects.toThrow(/no callback/);
  });

  it('a 429 with Retry-After on the callback is retried by discord.js', async () => {
    const { fake } = await connect({}, async (i) => {
      if (i.isChatInputCommand()) await i.reply('after the wait');
    });
    fake.failNext({ method: 'POST', path: /\/callback$/ }, DiscordErrors.rateLimited(0.1));
    const message = await fake.sendCommand('ask').final();
    expect(message.content).toBe('after the wait');
    const callbacks = fake.requests.filter((r) => r.path.endsWith('/callback'));
    expect(callbacks.map((r) => r.status)).toEqual([429, 204]);
  });

  it('an injected 10062 reaches the bot as a DiscordAPIError', async () => {
    const errors: unknown[] = [];
    const { fake } = await connect({}, async (i) => {
      if (i.isChatInputCommand()) await i.reply('x').catch((error: unknown) => errors.push(error));
    });
    fake.failNext({ path: /\/callback$/ }, DiscordErrors.unknownInteraction);
    fake.sendCommand('ask');
    await until(() => errors.length === 1, 'the reply to fail');
    expect(errors[0]).toMatchObject({ code: 10062, status: 404 });
  });
});

describe('interaction options', () => {
  it('infers the option type from the value and nests subcommand options', () => {
    expect(toApiOption({ name: 'q', value: 'who' })).toEqual({ name: 'q', type: 3, value: 'who' });
    expect(toApiOption({ name: 'n', value: 3 })).toEqual({ name: 'n', type: 4, value: 3 });
    expect(toApiOption({ name: 'x', value: 0.5 })).toEqual({ name: 'x', type: 10, value: 0.5 });
    expect(toApiOption({ name: 'b', value: false })).toEqual({ name: 'b', type: 5, value: false });
    expect(toApiOption({ name: 'sub', options: [{ name: 'q', value: 'a' }] })).toEqual({
      name: 'sub',
      type: 1,
      options: [{ name: 'q', type: 3, value: 'a' }],
    });
  });

  it('sends a focused option as the text typed so far, whatever its type', () => {
    expect(toApiOption({ name: 'count', type: 4, value: 12, focused: true })).toEqual({
      name: 'count',
      type: 4,
      value: '12',
      focused: true,
    });
    expect(hasFocused([{ name: 'sub', options: [{ name: 'q', focused: true }] }])).toBe(true);
    expect(hasFocused([{ name: 'q', value: 'a' }])).toBe(false);
  });
});
