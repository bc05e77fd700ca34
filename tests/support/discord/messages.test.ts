import { describe, expect, it } from 'vitest';
import { mentionsIn } from './messages.js';

const USER = '400000000000000002';
const ROLE = '500000000000000003';
const CONTENT = `hi <@${USER}> and <@!${USER}>, <@&${ROLE}> and @everyone`;

describe('mentionsIn', () => {
  it('pings everything written when allowed_mentions is absent', () => {
    expect(mentionsIn(CONTENT, undefined)).toEqual({ userIds: [USER], roleIds: [ROLE], everyone: true });
  });

  it('pings nothing with parse: []', () => {
    expect(mentionsIn(CONTENT, { parse: [] })).toEqual({ userIds: [], roleIds: [], everyone: false });
  });

  it('pings only the ids listed, or the kinds parsed', () => {
    expect(mentionsIn(CONTENT, { users: [USER] })).toEqual({ userIds: [USER], roleIds: [], everyone: false });
    expect(mentionsIn(CONTENT, { parse: ['roles', 'everyone'] })).toEqual({ userIds: [], roleIds: [ROLE], everyone: true });
    expect(mentionsIn('@hereafter', { parse: ['everyone'] }).everyone).toBe(false);
  });
});
