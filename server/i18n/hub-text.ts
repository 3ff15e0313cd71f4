/**
 * Words the hub shows people: the activation email and the hub's pages, in the account's display
 * language (from its region). Every language has every key; a unit test checks it.
 */
import type { Language } from '../../lib/protocol/regions.ts';

const en = {
  'email.activation.subject': 'Activate your My Tessera account',
  'email.activation.greeting': 'Welcome to Tessera!',
  'email.activation.body':
    'Confirm that {email} is your address by opening this link. It works once and expires in {days} days.',
  'email.activation.button': 'Activate my account',
  'email.activation.ignore': 'If you did not create a My Tessera account, ignore this email; nothing will happen.',
  'page.activation.title': 'Account activation',
  'page.activation.success.heading': 'Your account is activated',
  'page.activation.success.body': 'You can now connect every browser you use to My Tessera. You may close this page.',
  'page.activation.used.heading': 'This link has already been used',
  'page.activation.used.body':
    'Each activation link works only once. If your account is not activated yet, open Tessera and choose “Resend activation email”.',
  'page.activation.expired.heading': 'This link has expired',
  'page.activation.expired.body': 'Open Tessera and choose “Resend activation email” to get a new link.',
  'page.activation.invalid.heading': 'This link is not valid',
  'page.activation.invalid.body':
    'Check that you opened the whole link from the email, or open Tessera and choose “Resend activation email”.',
  'page.footer': 'My Tessera — the account behind your Tessera password manager.',
} as const;

export type HubTextKey = keyof typeof en;

const de: Record<HubTextKey, string> = {
  'email.activation.subject': 'Aktivieren Sie Ihr My-Tessera-Konto',
  'email.activation.greeting': 'Willkommen bei Tessera!',
  'email.activation.body':
    'Bestätigen Sie, dass {email} Ihre Adresse ist, indem Sie diesen Link öffnen. Er funktioniert einmal und läuft in {days} Tagen ab.',
  'email.activation.button': 'Mein Konto aktivieren',
  'email.activation.ignore':
    'Wenn Sie kein My-Tessera-Konto erstellt haben, ignorieren Sie diese E-Mail; es passiert nichts.',
  'page.activation.title': 'Kontoaktivierung',
  'page.activation.success.heading': 'Ihr Konto ist aktiviert',
  'page.activation.success.body':
    'Sie können jetzt jeden Browser, den Sie nutzen, mit My Tessera verbinden. Sie können diese Seite schließen.',
  'page.activation.used.heading': 'Dieser Link wurde bereits verwendet',
  'page.activation.used.body':
    'Jeder Aktivierungslink funktioniert nur einmal. Falls Ihr Konto noch nicht aktiviert ist, öffnen Sie Tessera und wählen Sie „Aktivierungs-E-Mail erneut senden“.',
  'page.activation.expired.heading': 'Dieser Link ist abgelaufen',
  'page.activation.expired.body':
    'Öffnen Sie Tessera und wählen Sie „Aktivierungs-E-Mail erneut senden“, um einen neuen Link zu erhalten.',
  'page.activation.invalid.heading': 'Dieser Link ist ungültig',
  'page.activation.invalid.body':
    'Prüfen Sie, ob Sie den vollständigen Link aus der E-Mail geöffnet haben, oder öffnen Sie Tessera und wählen Sie „Aktivierungs-E-Mail erneut senden“.',
  'page.footer': 'My Tessera – das Konto hinter Ihrem Tessera-Passwortmanager.',
};

const fr: Record<HubTextKey, string> = {
  'email.activation.subject': 'Activez votre compte My Tessera',
  'email.activation.greeting': 'Bienvenue sur Tessera !',
  'email.activation.body':
    'Confirmez que {email} est bien votre adresse en ouvrant ce lien. Il ne fonctionne qu’une fois et expire dans {days} jours.',
  'email.activation.button': 'Activer mon compte',
  'email.activation.ignore':
    'Si vous n’avez pas créé de compte My Tessera, ignorez cet e-mail ; il ne se passera rien.',
  'page.activation.title': 'Activation du compte',
  'page.activation.success.heading': 'Votre compte est activé',
  'page.activation.success.body':
    'Vous pouvez maintenant connecter à My Tessera chaque navigateur que vous utilisez. Vous pouvez fermer cette page.',
  'page.activation.used.heading': 'Ce lien a déjà été utilisé',
  'page.activation.used.body':
    'Chaque lien d’activation ne fonctionne qu’une fois. Si votre compte n’est pas encore activé, ouvrez Tessera et choisissez « Renvoyer l’e-mail d’activation ».',
  'page.activation.expired.heading': 'Ce lien a expiré',
  'page.activation.expired.body':
    'Ouvrez Tessera et choisissez « Renvoyer l’e-mail d’activation » pour recevoir un nouveau lien.',
  'page.activation.invalid.heading': 'Ce lien n’est pas valide',
  'page.activation.invalid.body':
    'Vérifiez que vous avez ouvert le lien complet de l’e-mail, ou ouvrez Tessera et choisissez « Renvoyer l’e-mail d’activation ».',
  'page.footer': 'My Tessera — le compte derrière votre gestionnaire de mots de passe Tessera.',
};

export const HUB_TEXT: Record<Language, Record<HubTextKey, string>> = { en, de, fr };

/** The text for `key` in `language`, with `{name}` placeholders filled in (values are not escaped). */
export function hubText(language: Language, key: HubTextKey, values: Record<string, string | number> = {}): string {
  return HUB_TEXT[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
