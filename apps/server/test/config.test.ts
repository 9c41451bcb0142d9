import { DEMO_CORP } from '@petcare/wecom-sim'
import { ConfigError, loadConfig } from '../src/config'

const REAL_CORP = {
  WECOM_CORP_ID: 'ww7d3c1a9e5b2f4a60',
  WECOM_TOKEN: 'QDG6eK',
  WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  WECOM_AGENT_ID: '1000005',
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems
    }
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('runs in demo mode on the demo corp when no WECOM_* is set', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      demo: true,
      port: 3000,
      database: { kind: 'sqlite', path: './data/petcare.sqlite' },
      wecom: {
        corpId: DEMO_CORP.corpId,
        token: DEMO_CORP.token,
        callbackMaxAgeSeconds: 300,
      },
    })
  })

  it('uses a real corp when all of WECOM_* is set', () => {
    const config = loadConfig({
      ...REAL_CORP,
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(32),
    })
    expect(config.demo).toBe(false)
    expect(config.session.secret).toBe('s'.repeat(32))
    expect(config.wecom).toMatchObject({
      corpId: REAL_CORP.WECOM_CORP_ID,
      agentId: REAL_CORP.WECOM_AGENT_ID,
    })
    expect(config.log.pretty).toBe(false)
  })

  it('refuses demo mode in production', () => {
    expect(
      problemsOf({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) }),
    ).toEqual([expect.stringContaining('required in production')])
  })

  it('needs a fixed session secret of 32 characters or more in production', () => {
    expect(problemsOf({ ...REAL_CORP, NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^SESSION_SECRET: required in production/),
    ])
    expect(
      problemsOf({
        ...REAL_CORP,
        NODE_ENV: 'production',
        SESSION_SECRET: 'short',
      }),
    ).toEqual(['SESSION_SECRET: must be at least 32 characters'])
    // Elsewhere a random one per start will do.
    const a = loadConfig({ ...REAL_CORP })
    const b = loadConfig({ ...REAL_CORP })
    expect(a.session.secret).not.toBe(b.session.secret)
    expect(a.session.secret.length).toBeGreaterThanOrEqual(32)
  })

  it('sets secure cookies when the public URL is https', () => {
    expect(
      loadConfig({ PUBLIC_URL: 'https://care.example.com/' }),
    ).toMatchObject({
      publicUrl: 'https://care.example.com',
      session: { secure: true, ttlMinutes: 120 },
    })
    expect(loadConfig({}).session.secure).toBe(false)
  })

  it('names each missing value when only some of WECOM_* is set', () => {
    expect(problemsOf({ WECOM_CORP_ID: 'ww7d3c1a9e5b2f4a60' })).toEqual([
      'WECOM_TOKEN: is required once any WECOM_* is set',
      'WECOM_ENCODING_AES_KEY: is required once any WECOM_* is set',
      'WECOM_AGENT_ID: is required once any WECOM_* is set',
    ])
  })

  it('gives one clear message per bad value', () => {
    const problems = problemsOf({
      ...REAL_CORP,
      PORT: 'eighty',
      DATABASE_URL: 'postgres://x',
      WECOM_ENCODING_AES_KEY: 'short',
      WECOM_CALLBACK_MAX_AGE: '-1',
    })
    expect(problems).toEqual([
      'PORT: must be a port number',
      'DATABASE_URL: must be sqlite:<path> or mysql://user:pass@host:port/db',
      'WECOM_ENCODING_AES_KEY: must be exactly 43 letters or digits',
      'WECOM_CALLBACK_MAX_AGE: must be 0 (off) or more',
    ])
  })

  it('reports a bad WECOM_* value and the missing ones in one go', () => {
    // Regression: the missing three only showed up after the key was fixed.
    expect(problemsOf({ WECOM_ENCODING_AES_KEY: 'short' })).toEqual([
      'WECOM_ENCODING_AES_KEY: must be exactly 43 letters or digits',
      'WECOM_CORP_ID: is required once any WECOM_* is set',
      'WECOM_TOKEN: is required once any WECOM_* is set',
      'WECOM_AGENT_ID: is required once any WECOM_* is set',
    ])
  })

  it('listens on loopback in demo mode and on every interface for a real corp', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1')
    expect(loadConfig(REAL_CORP).host).toBe('0.0.0.0')
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0')
  })

  it('reads a MySQL URL and a max age of 0', () => {
    const config = loadConfig({
      DATABASE_URL: 'mysql://app:pw@db:3306/petcare',
      WECOM_CALLBACK_MAX_AGE: '0',
    })
    expect(config.database).toEqual({
      kind: 'mysql',
      url: 'mysql://app:pw@db:3306/petcare',
    })
    expect(config.wecom.callbackMaxAgeSeconds).toBe(0)
  })

  it('treats empty WECOM_* variables as unset', () => {
    expect(loadConfig({ WECOM_CORP_ID: '', WECOM_TOKEN: ' ' }).demo).toBe(true)
  })
})
