/**
 * The built-in demo corp. Its credentials are public on purpose: they sign
 * the simulator's callbacks in demo mode, and the server refuses to run on
 * them in production.
 */
export const DEMO_CORP = {
  corpId: 'wwdemo7c3a1e5f9b2d4',
  agentId: '1000002',
  token: 'PetcareDemoToken2026',
  encodingAesKey: 'DemoPetcareWecomKey0000000000000000000000AB',
} as const
