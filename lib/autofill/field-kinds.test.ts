/** classifyField: autocomplete tokens first, then type, names and labels in en/de/fr. */
import { autocompleteField, classifyField, passwordHint } from './field-kinds.ts';

function input(html: string): HTMLInputElement {
  document.body.innerHTML = html;
  return document.querySelector('input')!;
}

describe('classifyField', () => {
  it.each([
    ['<input autocomplete="section-a shipping email">', 'username'],
    ['<input autocomplete="section-login username">', 'username'],
    ['<input type="tel" autocomplete="billing mobile tel">', 'username'],
    ['<input type="password" autocomplete="section-x current-password webauthn">', 'password-current'],
    ['<input type="password" autocomplete="new-password">', 'password-new'],
    ['<input autocomplete="one-time-code">', 'one-time-code'],
    ['<input name="login" autocomplete="given-name">', 'other'],
    ['<input name="user" autocomplete="off">', 'username'],
  ])('follows the spec autocomplete tokens: %s → %s', (html, kind) => {
    expect(classifyField(input(html))).toBe(kind);
  });

  it.each([
    ['<label for="a">Benutzername</label><input id="a">', 'username'],
    ['<label for="a">E-Mail-Adresse</label><input id="a">', 'username'],
    ['<label for="a">Identifiant</label><input id="a">', 'username'],
    ['<label for="a">Courriel</label><input id="a">', 'username'],
    ['<input placeholder="Phone number" type="tel">', 'username'],
    ['<input name="userName">', 'username'],
    ['<input type="email" name="x">', 'username'],
    ['<label for="a">Vorname</label><input id="a">', 'other'],
    ['<input type="checkbox" name="login">', 'other'],
    ['<input type="hidden" name="username">', 'other'],
  ])('reads names and labels: %s → %s', (html, kind) => {
    expect(classifyField(input(html))).toBe(kind);
  });

  it.each([
    ['<input type="search" name="user">'],
    ['<div role="search"><input name="login"></div>'],
    ['<input name="q">'],
    ['<input placeholder="Rechercher">'],
    ['<input aria-label="Suchen">'],
  ])('recognises search boxes: %s', (html) => {
    expect(classifyField(input(html))).toBe('search');
  });

  it.each([
    ['<input inputmode="numeric" maxlength="1">', 'one-time-code'],
    ['<input name="otp">', 'one-time-code'],
    ['<input name="totp_code">', 'one-time-code'],
    ['<input name="postal_code">', 'other'],
    ['<input name="promo-code">', 'other'],
    ['<input type="password" autocomplete="one-time-code">', 'one-time-code'],
  ])('recognises one-time codes but not other codes: %s → %s', (html, kind) => {
    expect(classifyField(input(html))).toBe(kind);
  });

  it.each([
    ['<input type="password" name="old_password">', 'current'],
    ['<label for="p">Altes Passwort</label><input type="password" id="p">', 'current'],
    ['<label for="p">Mot de passe actuel</label><input type="password" id="p">', 'current'],
    ['<input type="password" name="confirmPassword">', 'new'],
    ['<label for="p">Neues Passwort</label><input type="password" id="p">', 'new'],
    ['<label for="p">Nouveau mot de passe</label><input type="password" id="p">', 'new'],
    ['<input type="password" name="password">', undefined],
  ])('tells current from new passwords: %s → %s', (html, hint) => {
    expect(passwordHint(input(html))).toBe(hint);
  });

  it('reads the field name as the last token, ignoring webauthn', () => {
    expect(autocompleteField(input('<input autocomplete="Section-Foo Billing Username WebAuthn">'))).toBe('username');
    expect(autocompleteField(input('<input>'))).toBeUndefined();
  });
});
