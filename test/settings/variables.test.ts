import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { resolveSetting, settingsIn, settingVariable } from '../../lib/settings/resolve';
import { SETTINGS } from '../../lib/settings/table';
import { REPO_ROOT } from '../support/constants';

test('a proxy variable is read as curl reads it: the lowercase spelling first, a blank value unset', () => {
  const env = { no_proxy: 'a', NO_PROXY: 'b', https_proxy: ' ', HTTPS_PROXY: 'http://p:1' };
  assert.deepEqual(settingVariable(SETTINGS.noProxy, env), { name: 'no_proxy', value: 'a' });
  assert.deepEqual(settingVariable(SETTINGS.httpsProxy, env), { name: 'HTTPS_PROXY', value: 'http://p:1' });
  assert.equal(settingVariable(SETTINGS.httpProxy, env), undefined);
  assert.equal(resolveSetting(SETTINGS.noProxy, { env: { no_proxy: 'x' } }), 'x');
});

test('any other variable is read under its own name only', () => {
  const env = { cloudflare_api_token: 'lower', CLOUDFLARE_API_TOKEN: 'upper' };
  assert.deepEqual(settingVariable(SETTINGS.apiToken, env), { name: 'CLOUDFLARE_API_TOKEN', value: 'upper' });
  assert.equal(settingVariable(SETTINGS.apiToken, { cloudflare_api_token: 'lower' }), undefined);
});

test('settingsIn keeps the variables of the settings table, every spelling read, and drops the rest', () => {
  const env = {
    PATH: '/bin',
    CLOUDFLARE_API_TOKEN: 't',
    CLOUDFLARE_ZONE_ID: 'z',
    ORIGIN_CLOUD_REGIONS_UNKNOWN: 'u',
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: 'off',
    https_proxy: 'http://p:1',
    NO_PROXY: 'localhost',
    ALL_PROXY: 'socks5://p:1',
    XDG_CACHE_HOME: '/c',
    LOCALAPPDATA: undefined,
  };
  assert.deepEqual(settingsIn(env), {
    CLOUDFLARE_API_TOKEN: 't',
    https_proxy: 'http://p:1',
    NO_PROXY: 'localhost',
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: 'off',
    XDG_CACHE_HOME: '/c',
  });
  assert.deepEqual(settingsIn(env, [SETTINGS.ipRangesAws, SETTINGS.noProxy]), {
    NO_PROXY: 'localhost',
    ORIGIN_CLOUD_REGIONS_IP_RANGES_AWS: 'off',
  });
});

test('settingsIn lists the variables in the order of the table, whatever the order of the environment', () => {
  const keys = Object.keys(settingsIn({ NO_PROXY: 'b', no_proxy: 'a', CLOUDFLARE_API_TOKEN: 't' }));
  assert.deepEqual(keys, ['CLOUDFLARE_API_TOKEN', 'no_proxy', 'NO_PROXY']);
});

test('outside lib/settings, lib/ reads no environment variable by its name', () => {
  // A whole environment may be passed on (`options.env ?? process.env`); one variable is read through the table.
  const lib = path.join(REPO_ROOT, 'lib');
  const byName = /\b(?:process\.)?env(?:\[[^\]]*\]|\.[A-Za-z_]\w*)/g;
  const found: string[] = [];
  for (const file of readdirSync(lib, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || /^(settings|emulator)\//.test(file.split(path.sep).join('/'))) continue;
    const code = readFileSync(path.join(lib, file), 'utf8').replace(/^\s*(\/\/|\/?\*).*$/gm, '');
    for (const [read] of code.matchAll(byName)) found.push(`lib/${file}: ${read}`);
  }
  assert.deepEqual(found, []);
});
