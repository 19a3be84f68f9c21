/**
 * The demo cohort: invented people (any likeness is chance) in real municipalities, with CBS
 * codes from data/reference/municipalities-nl.csv and business-domain codes from
 * data/reference/business-domains-nl.csv. E-mail addresses use the reserved `.example` TLD.
 */

export interface DemoPerson {
  name: string;
  email: string;
  municipalityCode: string | null;
  businessDomainCode: string;
  jobTitle: string;
}

export interface DemoModule {
  title: string;
  description: string;
  opensAt: string;
  closesAt: string;
  assignment: {
    title: string;
    instructions: string;
    dueAt: string;
    reviewDueAt: string;
    rubric: { title: string; description: string; minScore: number; maxScore: number }[];
  };
}

export const DEMO_COHORT = {
  name: 'i-NUP Academy voorjaar 2027',
  description:
    'Voorjaarsleergang voor informatiemanagers van gemeenten langs de bouwstenen van het i-NUP. ' +
    'Deelnemers uit verschillende gemeenten beoordelen elkaars uitwerkingen.',
  startDate: '2027-03-01',
  endDate: '2027-07-02',
};

/** Fixed so a demo is repeatable; override with DEMO_PASSWORD. Meets the password policy. */
export const DEFAULT_DEMO_PASSWORD = 'i-NUP demo voorjaar 2027';

export const DEMO_COACHES: DemoPerson[] = [
  { name: 'Marleen Bosman', email: 'marleen.bosman@academy.example', municipalityCode: null, businessDomainCode: 'IA', jobTitle: 'Coach i-NUP Academy' },
  { name: 'Hans van Leeuwen', email: 'hans.vanleeuwen@academy.example', municipalityCode: null, businessDomainCode: 'DIV', jobTitle: 'Coach i-NUP Academy' },
];

/** Two participants from each of twelve municipalities, spread over the business domains. */
export const DEMO_PARTICIPANTS: DemoPerson[] = [
  { name: 'Sanne de Vries', email: 'sanne.devries@amsterdam.example', municipalityCode: 'GM0363', businessDomainCode: 'IA', jobTitle: 'Informatiemanager' },
  { name: 'Youssef El Idrissi', email: 'youssef.elidrissi@amsterdam.example', municipalityCode: 'GM0363', businessDomainCode: 'DIV', jobTitle: 'Adviseur zaakgericht werken' },
  { name: 'Joost Hendriks', email: 'joost.hendriks@rotterdam.example', municipalityCode: 'GM0599', businessDomainCode: 'BZ', jobTitle: 'Teamleider Burgerzaken' },
  { name: 'Priya Ramdin', email: 'priya.ramdin@rotterdam.example', municipalityCode: 'GM0599', businessDomainCode: 'DV', jobTitle: 'Productowner digitale dienstverlening' },
  { name: 'Annelies van den Berg', email: 'annelies.vandenberg@denhaag.example', municipalityCode: 'GM0518', businessDomainCode: 'MGT', jobTitle: 'Concernadviseur informatievoorziening' },
  { name: 'Thomas Verbeek', email: 'thomas.verbeek@denhaag.example', municipalityCode: 'GM0518', businessDomainCode: 'IA', jobTitle: 'CISO' },
  { name: 'Fleur Jansen', email: 'fleur.jansen@utrecht.example', municipalityCode: 'GM0344', businessDomainCode: 'GEO', jobTitle: 'Gegevensbeheerder BAG' },
  { name: 'Mehmet Yilmaz', email: 'mehmet.yilmaz@utrecht.example', municipalityCode: 'GM0344', businessDomainCode: 'SD', jobTitle: 'Informatieadviseur sociaal domein' },
  { name: 'Gerrit ten Have', email: 'gerrit.tenhave@winterswijk.example', municipalityCode: 'GM0294', businessDomainCode: 'IA', jobTitle: 'Medewerker informatievoorziening' },
  { name: 'Ilse Wolters', email: 'ilse.wolters@winterswijk.example', municipalityCode: 'GM0294', businessDomainCode: 'BZ', jobTitle: 'Medewerker Burgerzaken' },
  { name: 'Marieke Dijkstra', email: 'marieke.dijkstra@groningen.example', municipalityCode: 'GM0014', businessDomainCode: 'RO', jobTitle: 'Informatieadviseur Omgevingswet' },
  { name: 'Rutger Smit', email: 'rutger.smit@groningen.example', municipalityCode: 'GM0014', businessDomainCode: 'DIV', jobTitle: 'Archivaris' },
  { name: 'Sjoerd Hoekstra', email: 'sjoerd.hoekstra@leeuwarden.example', municipalityCode: 'GM0080', businessDomainCode: 'GEO', jobTitle: 'Coördinator BGT' },
  { name: 'Anke de Jong', email: 'anke.dejong@leeuwarden.example', municipalityCode: 'GM0080', businessDomainCode: 'DV', jobTitle: 'Adviseur klantcontact' },
  { name: 'Bas van Dijk', email: 'bas.vandijk@eindhoven.example', municipalityCode: 'GM0772', businessDomainCode: 'IA', jobTitle: 'Enterprise-architect' },
  { name: 'Nadia Bouzid', email: 'nadia.bouzid@eindhoven.example', municipalityCode: 'GM0772', businessDomainCode: 'SD', jobTitle: 'Procesregisseur Wmo' },
  { name: 'Lisanne Kok', email: 'lisanne.kok@zwolle.example', municipalityCode: 'GM0193', businessDomainCode: 'BES', jobTitle: 'Adviseur griffie' },
  { name: 'Erik Brinkman', email: 'erik.brinkman@zwolle.example', municipalityCode: 'GM0193', businessDomainCode: 'BV', jobTitle: 'Privacy officer' },
  { name: 'Luc Janssen', email: 'luc.janssen@maastricht.example', municipalityCode: 'GM0935', businessDomainCode: 'BZ', jobTitle: 'Functioneel beheerder BRP' },
  { name: 'Femke Lemmens', email: 'femke.lemmens@maastricht.example', municipalityCode: 'GM0935', businessDomainCode: 'DV', jobTitle: 'Adviseur e-dienstverlening' },
  { name: 'Wouter Peters', email: 'wouter.peters@arnhem.example', municipalityCode: 'GM0202', businessDomainCode: 'RO', jobTitle: 'Adviseur vergunningverlening' },
  { name: 'Esther Vos', email: 'esther.vos@arnhem.example', municipalityCode: 'GM0202', businessDomainCode: 'IA', jobTitle: 'Informatiebeveiligingsadviseur' },
  { name: 'Koen van Gils', email: 'koen.vangils@tilburg.example', municipalityCode: 'GM0855', businessDomainCode: 'BEL', jobTitle: 'Teamleider Belastingen en WOZ' },
  { name: 'Sophie de Graaf', email: 'sophie.degraaf@tilburg.example', municipalityCode: 'GM0855', businessDomainCode: 'OOV', jobTitle: 'Adviseur openbare orde en veiligheid' },
];

const criterion = (title: string, description: string) => ({ title, description, minScore: 1, maxScore: 5 });

/** One module per NUP building block, in course order; times are UTC. */
export const DEMO_MODULES: DemoModule[] = [
  {
    title: 'Basisregistraties (BRP, BAG, BGT)',
    description: 'Het stelsel van basisregistraties: wie is bronhouder, hoe stroomt informatie, en wat betekent terugmelden.',
    opensAt: '2027-03-01T08:00:00Z',
    closesAt: '2027-03-26T17:00:00Z',
    assignment: {
      title: 'Gegevenslandschap van je gemeente',
      instructions:
        'Breng in kaart welke processen in jouw gemeente gegevens uit de **BRP**, **BAG** en **BGT** gebruiken, ' +
        'wie bronhouder is en hoe terugmeldingen lopen. Maximaal vier pagina’s, met één plaat.',
      dueAt: '2027-03-19T17:00:00Z',
      reviewDueAt: '2027-03-26T17:00:00Z',
      rubric: [
        criterion('Volledigheid', 'Alle drie de registraties en hun belangrijkste afnemende processen komen aan bod.'),
        criterion('Bronhouderschap', 'Rollen en verantwoordelijkheden zijn juist en concreet benoemd.'),
        criterion('Terugmelden', 'Het terugmeldproces is beschreven, inclusief knelpunten.'),
      ],
    },
  },
  {
    title: 'Dienstverlening en e-formulieren',
    description: 'Digitale dienstverlening aan inwoners en ondernemers: e-formulieren, DigiD en eHerkenning, toegankelijkheid.',
    opensAt: '2027-03-29T08:00:00Z',
    closesAt: '2027-04-23T17:00:00Z',
    assignment: {
      title: 'Klantreis langs een e-formulier',
      instructions:
        'Kies een veelgebruikt product (bijvoorbeeld een verhuizing of parkeervergunning) en beschrijf de klantreis ' +
        'van de inwoner, van de website tot het besluit. Benoem drie verbeteringen.',
      dueAt: '2027-04-16T17:00:00Z',
      reviewDueAt: '2027-04-23T17:00:00Z',
      rubric: [
        criterion('Klantperspectief', 'De reis is vanuit de inwoner beschreven, niet vanuit de organisatie.'),
        criterion('Authenticatie en toegankelijkheid', 'DigiD/eHerkenning en digitale toegankelijkheid zijn meegenomen.'),
        criterion('Verbetervoorstellen', 'De voorstellen zijn concreet, haalbaar en onderbouwd.'),
        criterion('Helderheid', 'Het stuk is bondig en voor een collega uit een andere gemeente te volgen.'),
      ],
    },
  },
  {
    title: 'Zaakgericht werken en digitaal archief',
    description: 'Zaakgericht werken, de zaaktypecatalogus, selectielijsten en duurzame toegankelijkheid.',
    opensAt: '2027-04-26T08:00:00Z',
    closesAt: '2027-05-21T17:00:00Z',
    assignment: {
      title: 'Een zaaktype van begin tot archief',
      instructions:
        'Werk één zaaktype uit: statussen, resultaattypen, documenttypen en de bewaartermijn volgens de selectielijst. ' +
        'Laat zien hoe het dossier duurzaam toegankelijk blijft.',
      dueAt: '2027-05-14T17:00:00Z',
      reviewDueAt: '2027-05-21T17:00:00Z',
      rubric: [
        criterion('Zaaktype', 'Statussen, resultaten en documenttypen zijn consistent uitgewerkt.'),
        criterion('Archiefwaardering', 'Bewaartermijn en selectielijstcategorie kloppen en zijn onderbouwd.'),
        criterion('Duurzame toegankelijkheid', 'Formaten, metadata en overbrenging zijn doordacht.'),
      ],
    },
  },
  {
    title: 'Berichtenbox en MijnOverheid',
    description: 'Attenderen en berichten via MijnOverheid; wanneer digitaal mag en hoe je inwoners niet kwijtraakt.',
    opensAt: '2027-05-24T08:00:00Z',
    closesAt: '2027-06-11T17:00:00Z',
    assignment: {
      title: 'Berichtenstrategie voor de Berichtenbox',
      instructions:
        'Stel voor welke drie brieven jouw gemeente als eerste via de Berichtenbox verstuurt, ' +
        'en hoe je inwoners bereikt die MijnOverheid niet gebruiken.',
      dueAt: '2027-06-04T17:00:00Z',
      reviewDueAt: '2027-06-11T17:00:00Z',
      rubric: [
        criterion('Keuze van berichten', 'De gekozen berichten zijn geschikt en de keuze is onderbouwd.'),
        criterion('Juridische basis', 'De Wet modernisering elektronisch bestuurlijk verkeer is correct toegepast.'),
        criterion('Inclusie', 'Er is een werkbaar alternatief voor niet-digitale inwoners.'),
      ],
    },
  },
  {
    title: 'Informatieveiligheid',
    description: 'De Baseline Informatiebeveiliging Overheid (BIO), risicoanalyse en de ENSIA-verantwoording.',
    opensAt: '2027-06-14T08:00:00Z',
    closesAt: '2027-07-02T17:00:00Z',
    assignment: {
      title: 'Risicoanalyse van een kernapplicatie',
      instructions:
        'Maak een beknopte risicoanalyse volgens de BIO voor één kernapplicatie (bijvoorbeeld het zaaksysteem) ' +
        'en koppel de maatregelen aan de ENSIA-verantwoording.',
      dueAt: '2027-06-25T17:00:00Z',
      reviewDueAt: '2027-07-02T12:00:00Z',
      rubric: [
        criterion('Risico’s', 'Dreigingen en kwetsbaarheden zijn realistisch en specifiek.'),
        criterion('Maatregelen', 'De maatregelen passen bij de risico’s en verwijzen naar de BIO.'),
        criterion('Verantwoording', 'De koppeling met ENSIA is juist gelegd.'),
        criterion('Prioritering', 'Er is een heldere volgorde met eigenaar en termijn.'),
      ],
    },
  },
];
