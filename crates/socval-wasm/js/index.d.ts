// TypeScript declarations of the npm package `socval` (the typed API; see README.md). `cargo xtask
// api` writes them as index.d.mts (ES modules, with the default export) and index.d.cts
// (CommonJS); tests/e2e/npm-types.test.mjs checks every interface against the JSON Schemas
// socval emits and against real outputs, so a field the Rust types gain or lose fails the test.

/** A decimal number written as a string, exactly: money, rates, shares ("0.25", "1500.00"). */
export type Decimal = string;

/** A table reference, `id@version`. */
export type TableRef = string;

/** How a row's value was obtained, strongest first: read in its source, quoted at second hand,
 * derived by a stated formula, or assumed. */
export type EvidenceStatus = 'primary' | 'secondary' | 'derived' | 'assumption';

export type Adjustments = {
  deadweight?: Decimal;
  /** A named, cited deadweight level instead of a figure of one's own (`"hact-hca-2014-health"`);
   * either this or `deadweight`, not both. */
  deadweight_level?: string;
  attribution?: Decimal;
  displacement?: Decimal;
  drop_off?: Decimal;
  duration?: number;
};

export interface OutcomeItem extends Adjustments {
  id: string;
  /** A row of the wellbeing table. */
  proxy: string;
  /** Label shown in reports (default: the row's). */
  label?: string;
  /** People achieving it, or `rate` (a share of the cohort's people): one of the two. */
  people?: Decimal;
  rate?: Decimal;
  age_band?: string;
  region?: string;
  start_year?: number;
  net_of_counterfactual?: boolean;
  deadweight_reason?: string;
  evidence?: string;
}

export interface AvoidedItem extends Adjustments {
  id: string;
  /** A row of the unit-cost table. */
  proxy: string;
  /** Label shown in reports (default: the row's). */
  label?: string;
  /** Events avoided, or `counterfactual_rate` and `observed_rate` (events per family). */
  count?: Decimal;
  counterfactual_rate?: Decimal;
  observed_rate?: Decimal;
  year?: number;
  units_per_event?: Decimal;
  net_of_counterfactual?: boolean;
  /** Why deadweight is deducted although the count is net of the counterfactual. */
  deadweight_reason?: string;
  evidence?: string;
}

export interface MeasuredItem extends Omit<Adjustments, 'deadweight' | 'deadweight_level'> {
  id: string;
  proxy: string;
  /** Label shown in reports (default: the row's). */
  label?: string;
  people?: Decimal;
  rate?: Decimal;
  scale: [Decimal, Decimal];
  /** Mean scores before and after (needed unless the scores come from per-family records). */
  before?: Decimal;
  after?: Decimal;
  counterfactual_change: Decimal;
  exchange_rate?: Decimal;
  region?: string;
  start_year?: number;
  evidence?: string;
  /** Refused: a measured change already deducts the counterfactual change. */
  deadweight?: never;
  /** Refused, as `deadweight`. */
  deadweight_level?: never;
}

export interface CostItem {
  label: string;
  amount: Decimal;
  year?: number;
  price_year?: number;
  /** Where the figure comes from. */
  source?: string;
}

/** How a records CSV exported by another system is read (`[records]`). */
export interface RecordsFormat {
  /** `,`, `;`, a tab or `|` (default: the one the header line has). */
  delimiter?: string;
  /** The file's header → socval's column name (`family_id`, `members`, `region` or an item id). */
  columns?: Record<string, string>;
}

export type Distribution = 'fixed' | 'uniform' | 'triangular' | 'pert';

export interface RangeSpec {
  target: string;
  low?: Decimal;
  high?: Decimal;
  distribution?: Distribution;
  note?: string;
}

/** A scenario: what `socval evaluate` takes (TOML or JSON; here an object or its JSON text). */
export interface Scenario {
  name: string;
  /** What the programme does and where the figures come from. */
  description?: string;
  families: number;
  price_year: number;
  method?: number;
  discount_rate?: Decimal;
  wellbeing_discount_rate?: Decimal;
  discount_convention?: 'sroi' | 'green-book';
  region?: string;
  people_per_family?: Decimal;
  combined_total?: boolean;
  optimism_bias?: Record<string, Decimal>;
  /** The weakest evidence status valued: items resting on weaker rows are left out (and listed). */
  min_evidence?: EvidenceStatus;
  notes?: string;
  tables: { wellbeing: TableRef; unit_costs: TableRef; deflators: TableRef; gdp_per_head?: TableRef; sha256?: Record<string, string> };
  defaults?: Adjustments;
  costs?: CostItem[];
  outcomes?: OutcomeItem[];
  avoided?: AvoidedItem[];
  measured?: MeasuredItem[];
  ranges?: RangeSpec[];
  uncertainty?: { seed?: number; draws?: number; table_ranges?: boolean; table_distribution?: Distribution; percentiles?: Decimal[]; bins?: number };
  records?: RecordsFormat;
}

/** The rates a value is discounted at. */
export type Schedule = { kind: 'flat'; rate: Decimal } | { kind: 'green-book-standard' } | { kind: 'green-book-health' };

export type Section = 'social-value' | 'fiscal-savings' | 'programme-cost';

/** One line of the working. */
export interface Line {
  n: number;
  section: Section;
  kind: 'value' | 'optimism-bias' | 'cost';
  item: string;
  label: string;
  table?: TableRef;
  row?: string;
  source?: string;
  url?: string;
  assumption: boolean;
  evidence?: EvidenceStatus;
  confidence?: number;
  /** The status the line counts under in the evidence split: its row's, or a weaker named
   * deadweight level's; none for a programme cost. */
  rests_on?: EvidenceStatus;
  age_band: string;
  region: string;
  agency?: string;
  cashable?: boolean;
  price_year: number;
  unit_value: Decimal;
  rebase: Decimal;
  uprating?: Decimal;
  quantity: Decimal;
  gross: Decimal;
  deadweight: Decimal;
  attribution: Decimal;
  displacement: Decimal;
  drop_off: Decimal;
  year: number;
  persistence: Decimal;
  discounting: string;
  discount_factor: Decimal;
  undiscounted: Decimal;
  /** Present value, exact (10 places). */
  amount: Decimal;
  /** Present value to the penny, allocated so that the lines add up to the rounded total. */
  rounded: Decimal;
  working: string;
}

export interface Figures {
  social_value: Decimal;
  fiscal_savings: Decimal;
  cashable_savings: Decimal;
  programme_cost: Decimal;
  combined?: Decimal;
  social_value_per_family: Decimal;
  fiscal_savings_per_family: Decimal;
  cost_per_family: Decimal;
  combined_per_family?: Decimal;
  sroi_social: Decimal | null;
  sroi_fiscal: Decimal | null;
  sroi_combined?: Decimal | null;
  npv_social: Decimal;
  npv_fiscal: Decimal;
  npv_combined?: Decimal;
  break_even_families_social: Decimal | null;
  break_even_families_fiscal: Decimal | null;
}

/** A valuation: the CLI's `evaluate --format json`. */
export interface Valuation {
  scenario: string;
  engine: string;
  families: number;
  from_records: boolean;
  price_year: number;
  method: number;
  discount_rate: Decimal;
  discount_convention: 'sroi' | 'green-book';
  /** The schedule of each kind of value. */
  discounting: { convention: 'sroi' | 'green-book'; standard: Schedule; wellbeing: Schedule };
  /** For a table of one's own that overlays another, `overlays` names the base, listed next with `base_of`. */
  tables: { role: string; id: string; version: string; sha256: string; overlays?: TableRef; base_of?: TableRef }[];
  /** Exact figures. */
  totals: Figures;
  /** Each exact figure rounded once (money to the penny, ratios to 4 places). */
  display: Figures;
  fiscal_savings_undiscounted: Decimal;
  by_agency: { agency: string; amount: Decimal; rounded: Decimal; cashable: Decimal; cashable_rounded: Decimal }[];
  by_year: {
    year: number;
    social_value: Decimal;
    fiscal_savings: Decimal;
    fiscal_savings_undiscounted: Decimal;
    programme_cost: Decimal;
    rounded: { social_value: Decimal; fiscal_savings: Decimal; fiscal_savings_undiscounted: Decimal; programme_cost: Decimal };
  }[];
  items: { item: string; label: string; section: Section; quantity: Decimal; amount: Decimal; rounded: Decimal }[];
  lines: Line[];
  warnings: string[];
  /** The named adjustment levels chosen (`adjustment-levels@1.0.0/hca-2014-health`). */
  levels?: string[];
  /** Each headline figure split by the evidence status of the rows behind its lines: one part per
   * status, strongest first; the `rounded` parts add up to the displayed figure. */
  evidence: {
    social_value: EvidencePart[];
    fiscal_savings: EvidencePart[];
    cashable_savings: EvidencePart[];
    combined?: EvidencePart[];
  };
  /** The minimum evidence status the valuation was made with, where one was asked for. */
  min_evidence?: EvidenceStatus;
  /** What the minimum evidence status left out. */
  left_out?: { section: Section; item: string; label: string; table: TableRef; row: string; status: EvidenceStatus }[];
}

/** One status's part of a headline figure. */
export interface EvidencePart {
  status: EvidenceStatus;
  /** Exact. */
  amount: Decimal;
  /** To the penny. */
  rounded: Decimal;
}

export interface Difference {
  measure: 'money' | 'ratio';
  name: string;
  label: string;
  a: Decimal;
  b: Decimal;
  change: Decimal;
  exact_change: Decimal;
  moved: boolean;
}

/** Two valuations compared (`diff`, `compare`). */
export interface Comparison {
  a: string;
  b: string;
  tables_changed: [TableRef, TableRef][];
  totals: Difference[];
  items: Difference[];
}

export interface TableInfo {
  id: string;
  version: string;
  kind: string;
  title: string;
  sha256: string;
  rows: number;
  embedded: boolean;
  changelog: string[];
}

export type AgeBand = 'all' | 'under-25' | '25-49' | '50-plus';
export type RegionName = 'all' | 'london' | 'outside-london';

/** A published source a table cites. */
export interface TableSource {
  id: string;
  publisher: string;
  title: string;
  year: number;
  licence: string;
  url?: string;
  url_note?: string;
}

/** How a row's value was derived from other figures. */
export interface Derivation {
  inputs: Record<string, Decimal>;
  formula: string;
  sources?: string[];
  low?: Record<string, Decimal>;
  high?: Record<string, Decimal>;
}

/** One row of a wellbeing or unit-cost table. */
export interface TableRow {
  id: string;
  label: string;
  value: Decimal;
  unit: string;
  source: string;
  locator?: string;
  derivation?: string;
  derived?: Derivation;
  note?: string;
  status?: EvidenceStatus;
  assumption?: boolean;
  confidence?: number;
  low?: Decimal;
  high?: Decimal;
  default_deadweight?: Decimal;
  net_of_counterfactual?: boolean;
  exclusive_group?: string;
  age_band?: AgeBand;
  region?: RegionName;
  price_year?: number;
  agency?: string;
  cashable?: boolean;
  recurrence?: 'one-off' | 'per-year';
  units_per_event?: { value: Decimal; label: string; basis?: string; low?: Decimal; high?: Decimal };
  wellby_uprating?: boolean;
}

/** A table with its rows and sources (`show`): the table file's format (`schema('table')`). A
 * deflator or GDP-per-head series has `years` instead of `rows`. */
export interface ProxyTable {
  id: string;
  version: string;
  kind: 'wellbeing' | 'unit-cost' | 'deflator' | 'gdp-per-head';
  title: string;
  description?: string;
  licence: string;
  format?: number;
  currency?: string;
  price_year?: number;
  base_year?: number;
  overlays?: TableRef;
  changelog?: string[];
  sources?: TableSource[];
  rows?: TableRow[];
  years?: { year: number; index: Decimal; source: string }[];
}

/** The unit of an assumption's values. */
export type Unit = 'share' | 'rate' | 'count' | 'money' | 'years';

/** The totals the analysis follows. */
export type Total = 'social_value' | 'fiscal_savings';

/** One assumption with its range, as the analysis uses it. */
export interface Assumption {
  /** Target path (`outcomes.confidence.deadweight`). */
  target: string;
  label: string;
  unit: Unit;
  low: Decimal;
  /** The value the engine uses. */
  central: Decimal;
  high: Decimal;
  /** Smallest value the rest of the scenario allows (the break-even search's lower end). */
  min: Decimal;
  /** Largest value the rest of the scenario allows; null: no limit. */
  max: Decimal | null;
  distribution: Distribution;
  /** `scenario` (from `[[ranges]]`), `table` (the proxy's low/high) or `key` (a break-even search
   * on an avoided item's count or rate that carries no range). */
  origin: string;
  /** Why this range. */
  note: string;
  /** Every item the assumption applies to. */
  applies_to: string[];
}

/** One bar of a tornado: a total with one assumption at its low and at its high end. */
export interface Bar {
  target: string;
  label: string;
  low: Decimal;
  high: Decimal;
  /** The total with the assumption at its low end (others central), to the penny. */
  at_low: Decimal;
  at_high: Decimal;
  /** |at_high − at_low|. */
  swing: Decimal;
}

/** One-at-a-time sensitivity of one total, largest swing first. */
export interface Tornado {
  total: Total;
  /** The total with every assumption central, to the penny. */
  base: Decimal;
  bars: Bar[];
}

/** Percentiles and spread of one figure over the draws. */
export interface Spread {
  name: string;
  /** [probability, value to the penny], nearest rank. */
  percentiles: [Decimal, Decimal][];
  mean: Decimal;
  min: Decimal;
  max: Decimal;
}

/** A histogram of one figure: bins + 1 edges; the last bin includes its upper edge. */
export interface Histogram {
  name: string;
  edges: Decimal[];
  counts: number[];
}

/** The result of a Monte Carlo run. */
export interface MonteCarlo {
  seed: number;
  draws: number;
  spreads: Spread[];
  /** Share of draws where social value exceeds the programme cost (null without a cost). */
  p_social_exceeds_cost: Decimal | null;
  p_fiscal_exceeds_cost: Decimal | null;
  histograms: Histogram[];
}

/** What the break-even search found for one assumption and total: the total covers the cost when
 * the assumption is at least (`rising`) or at most `value`; at every value; at none; or beyond
 * `limit`, the end of an unbounded search. */
export type BreakEvenKind =
  | { kind: 'at'; value: Decimal; rising: boolean }
  | { kind: 'always' }
  | { kind: 'never' }
  | { kind: 'beyond'; limit: Decimal; rising: boolean };

/** One assumption's break-even value against the programme cost. */
export interface BreakEven {
  target: string;
  label: string;
  total: Total;
  unit: Unit;
  central: Decimal;
  kind: BreakEvenKind;
  /** Width of the final bisection bracket (0 where the value is exact or a whole number of years). */
  tolerance: Decimal;
  /** For an avoided item's count or rates: families per event avoided, rounded down. */
  families_per_event: Decimal | null;
  /** In words. */
  text: string;
}

/** The break-even values, with a statement of what they are set against. */
export interface BreakEvens {
  status: 'values' | 'no_cost' | 'zero_cost' | 'nothing_to_vary';
  /** The present value of the programme cost (exact). */
  programme_cost: Decimal;
  /** In words: what the values are set against, or why there are none. */
  text: string;
  values: BreakEven[];
}

/** The uncertainty analysis (`socval uncertainty --format json`): tornado, Monte Carlo, break-even. */
export interface Analysis {
  assumptions: Assumption[];
  tornado: Tornado[];
  monte_carlo: MonteCarlo;
  break_even: BreakEvens;
}

/** One assumption's answer to a claim (`claim`). */
export interface Need {
  /** The assumption (`avoided.proceedings-la.count`, `unit_costs.care-proceedings-court`). */
  target: string;
  label: string;
  unit: Unit;
  /** The value in force. */
  central: Decimal;
  /** Where the value in force comes from (`set for this item`, `unit-costs-open@2.0.0 row …`). */
  source: string;
  min: Decimal;
  max: Decimal | null;
  /**
   * `at`: the value (full precision) at which the figure reaches the claim; `exact` when the figure
   * there is the claim to the penny (a whole number of years may pass it). `unreachable`: no
   * allowed value reaches it; `limit` comes closest, and `needed` is the value outside the allowed
   * ones the claim would need, where it can be said.
   */
  kind:
    | { kind: 'at'; value: Decimal; exact: boolean }
    | { kind: 'unreachable'; limit: Decimal; figure_at_limit: Decimal; needed: Decimal | null };
  /** In words. */
  text: string;
}

/** A claimed figure tested against a scenario (`socval claim --format json`). */
export interface ClaimTest {
  claim: { figure: 'social_value' | 'fiscal_savings' | 'combined'; amount: Decimal; per_family: boolean };
  /** The claimed figure in force, exact and to the penny. */
  figure: Decimal;
  figure_shown: Decimal;
  text: string;
  /** Those an allowed value of which reaches the claim first. */
  needs: Need[];
}

/** The claim to test: one of `social`, `fiscal` or `combined` (£, present value, a decimal string). */
export interface ClaimOptions extends EvaluateOptions {
  social?: Decimal;
  fiscal?: Decimal;
  combined?: Decimal;
  /** The amount is per family (default: the programme's total). */
  perFamily?: boolean;
}

export interface Template {
  id: string;
  file: string;
  scenario: Scenario;
}

/** A user table: its text (TOML or JSON, e.g. a licensed value list), or a name (used in errors) and its text. */
export type UserTable = string | { name: string; text: string };

export interface Options {
  /** Tables to load beside the embedded ones. */
  tables?: UserTable[];
}

export interface EvaluateOptions extends Options {
  /** Per-family records, as CSV text. */
  records?: string | null;
  /** Value only rows of this evidence status or stronger (replaces the scenario's `min_evidence`;
   * `'derived'` leaves out the assumed values); an unknown name throws, naming options.evidence. */
  evidence?: EvidenceStatus | null;
}

/** What every error socval throws on bad input carries, besides its message. */
export interface SocvalError extends Error {
  kind: 'syntax' | 'invalid' | 'unknown' | 'hash-mismatch' | 'overflow' | 'stopped';
  /** The input's name (`scenario.json`, `records.csv`, a table's name). */
  file: string;
  /** Where in it, as the message words it (`line 3, column 46`, `outcomes[0] (confidence)`), or "". */
  location: string;
  /** The field or column, or "". */
  field: string;
}

/** Whether `e` is an error socval threw on bad input (with `kind`, `file`, `location`, `field`). */
export declare function isSocvalError(e: unknown): e is SocvalError;

/** Values a scenario (an object or its JSON text). Throws a `SocvalError` on bad input. */
export declare function evaluate(scenario: Scenario | string, options?: EvaluateOptions | null): Valuation;
/** The options of `uncertainty`. */
export interface UncertaintyOptions extends EvaluateOptions {
  /** Called with (draws made, draws) as the Monte Carlo advances (every 4,096 draws or so);
   * returning `false` stops the run, which then throws a `SocvalError` of kind `'stopped'`. */
  progress?: ((done: number, total: number) => boolean | void) | null;
}
/** Tornado, Monte Carlo (the scenario's seed and draws) and break-even values. */
export declare function uncertainty(scenario: Scenario | string, options?: UncertaintyOptions | null): Analysis;
/** Checks a scenario fully; returns it in canonical form. */
export declare function validate(scenario: Scenario | string, options?: Options | null): Scenario;
/** The tables: embedded and `options.tables`. */
export declare function listTables(options?: Options | null): TableInfo[];
/** One table's rows with their sources. */
export declare function show(reference: TableRef, options?: Options | null): ProxyTable;
/** What changes in a scenario's figures between two versions of a table. */
export declare function diff(scenario: Scenario | string, to: TableRef, options?: (Options & { from?: TableRef }) | null): Comparison;
/** Two scenarios side by side. */
export declare function compare(a: Scenario | string, b: Scenario | string, options?: Options | null): Comparison;
/**
 * Tests a claimed figure: for each key assumption alone, the value it would need for the figure to
 * reach the claim, beside the value in force and its source, or that no allowed value does.
 */
export declare function claim(scenario: Scenario | string, options: ClaimOptions): ClaimTest;
/** The JSON Schema of a format, as `socval schema NAME` prints it: a scenario, a table, or a
 * valuation (what `evaluate` returns). */
export declare function schema(name: 'scenario' | 'table' | 'valuation'): object;
/** The shipped scenarios. */
export declare function templates(): Template[];
/** The version of socval. */
export declare function version(): string;

/** Where `init` can load the WebAssembly module from: its URL (a string or a `URL`), a fetch
 * `Response` or its promise, its bytes, or a compiled `WebAssembly.Module`. */
export type WasmSource = string | { readonly href: string } | ArrayBuffer | ArrayBufferView | PromiseLike<object> | object;

/**
 * Loads the WebAssembly module; resolves once the functions above can be called (later calls do
 * nothing). Needed only with the `socval/init` entry in a browser, to load the module from where
 * a bundler put it (`import wasm from 'socval/socval_wasm_bg.wasm'`, esbuild's
 * `--loader:.wasm=file`); without an argument, the file beside the module. In Node and with the
 * default entry the module is loaded already.
 */
export declare function init(wasm?: WasmSource): Promise<void>;
