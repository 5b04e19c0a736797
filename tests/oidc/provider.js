// A small OpenID Connect provider for the sign-in tests, on 127.0.0.1 only.
// Usage: node provider.js CONFIG.json, where the file holds
//   {"port": 0, "client_id": "...", "client_secret": "...", "redirect_uri": "...",
//    "users": {"login name": {"name": "...", "email": "...", "groups": [...]}}}
// It prints "listening PORT" once it answers. The login form is oidc-provider's own
// development form (any password; the login name picks the user from "users").
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.client_id,
    client_secret: config.client_secret,
    redirect_uris: [config.redirect_uri],
    // Streamlit's st.logout comes back through the same callback address
    post_logout_redirect_uris: [config.redirect_uri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  // claims the tests read: who (email, name) and what groups (for admin_claim etc.)
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username', 'groups', 'committee'],
  },
  conformIdTokenClaims: false, // scope claims in the ID token, where st.user reads them
  pkce: { required: () => false },
  cookies: { keys: ['cppcc-test-provider-only'] },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, id) {
    const claims = config.users[id];
    if (!claims) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, email_verified: true, ...claims };
      },
    };
  },
  // no consent screen: the office's provider grants its own dashboard what it asks
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

const server = provider.listen(config.port, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
