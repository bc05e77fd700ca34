/**
 * The local Discord's application commands against the real discord.js client: registration,
 * Discord's rules for it, and the REST router's answer to unknown routes.
 */
import { Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, disconnectAll } from './connect.js';

afterEach(disconnectAll);

describe('application commands', () => {
  it('stores a bulk guild registration and uses its ids in interactions', async () => {
    const { fake, client } = await connect();
    const body = [
      { name: 'ask', description: 'Ask the story', options: [{ type: 3, name: 'question', description: 'q', required: true }] },
      { name: 'Ask the story', type: 3 },
    ];
    const created = (await client.rest.put(Routes.applicationGuildCommands(fake.applicationId, fake.guildId), {
      body,
    })) as { id: string; name: string }[];
    expect(created.map((c) => c.name)).toEqual(['ask', 'Ask the story']);
    expect(fake.registeredCommands()).toEqual({ scope: 'guild', guildId: fake.guildId, body });
    const handle = fake.sendCommand('ask', [{ name: 'question', value: 'who' }]);
    expect(handle.payload.data).toMatchObject({ id: created[0]?.id, guild_id: fake.guildId });
  });

  it("refuses invalid commands and another application's id", async () => {
    const { fake, client } = await connect();
    const tooLong = [{ name: 'ask', description: 'd'.repeat(101) }];
    await expect(client.rest.put(Routes.applicationCommands(fake.applicationId), { body: tooLong })).rejects.toMatchObject({
      code: 50035,
      rawError: { errors: { 0: { description: {} } } },
    });
    await expect(client.rest.put(Routes.applicationCommands(fake.botUserId), { body: [] })).rejects.toMatchObject({ code: 20012 });
    expect(fake.registeredCommands()).toBeUndefined();
  });

  it('answers unknown routes with 404 and records them', async () => {
    const { fake, client } = await connect();
    await expect(client.rest.get('/no/such/route')).rejects.toMatchObject({ status: 404 });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/no/such/route', status: 404 });
  });
});
