// TypeScript declarations of the npm package `socval` (the typed API; see README.md).

/** A decimal number written as a string, exactly: money, rates, shares ("0.25", "1500.00"). */
export type Decimal = string;

/** A table reference, `id@version`. */
export type TableRef = string;

/** How a row's value was obtained, strongest first: read in its source, quoted at second hand,
 * derived by a stated formula, or assumed. */
export type EvidenceStatus = 'primary' | 'secondary' | 'derived' | 'assumption';

export type Adjustments = {
  deadweight?: Decimal;
  attribution?: Decimal;
  displacement?: Decimal;
  drop_off?: Decimal;
  duration?: number;
};

export interface OutcomeItem extends Adjustments {
  id: string;
  /** A row of the wellbeing table. */
  proxy: string;
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
  /** Events avoided, or `counterfactual_rate` and `observed_rate` (events per family). */
  count?: Decimal;
  counterfactual_rate?: Decimal;
  observed_rate?: Decimal;
  year?: number;
  units_per_event?: Decimal;
  net_of_counterfactual?: boolean;
  evidence?: string;
}

export interface MeasuredItem extends Omit<Adjustments, 'deadweight'> {
  id: string;
  proxy: string;
  people?: Decimal;
  rate?: Decimal;
  scale: [Decimal, Decimal];
  before: Decimal;
  after: Decimal;
  counterfactual_change: Decimal;
  exchange_rate?: Decimal;
  region?: string;
  start_year?: number;
  evidence?: string;
}

export interface CostItem {
  label: string;
  amount: Decimal;
  year?: number;
  price_year?: number;
}

export interface RangeSpec {
  target: string;
  low?: Decimal;
  high?: Decimal;
  distribution?: 'fixed' | 'uniform' | 'triangular' | 'pert';
  note?: string;
}

/** A scenario: what `socval evaluate` takes (TOML or JSON; here an object or its JSON text). */
export interface Scenario {
  name: string;
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
  uncertainty?: { seed?: number; draws?: number; table_ranges?: boolean; percentiles?: Decimal[]; bins?: number };
}

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
  discounting: unknown;
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
  [more: string]: unknown;
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

/** A table with its rows and sources (`show`). */
export interface ProxyTable {
  id: string;
  version: string;
  kind: string;
  title: string;
  sha256: string;
  rows: { id: string; label: string; value: Decimal; [more: string]: unknown }[];
  [more: string]: unknown;
}

/** The uncertainty analysis (`socval uncertainty --format json`): tornado, Monte Carlo, break-even. */
export interface Analysis {
  assumptions: unknown[];
  tornado: unknown[];
  monte_carlo: { draws: number; seed: number; [more: string]: unknown };
  break_even: unknown;
  [more: string]: unknown;
}

/** One assumption's answer to a claim (`claim`). */
export interface Need {
  /** The assumption (`avoided.proceedings-la.count`, `unit_costs.care-proceedings-court`). */
  target: string;
  label: string;
  unit: 'share' | 'rate' | 'count' | 'money' | 'years';
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
/** The JSON Schema of a file format. */
export declare function schema(name: 'scenario' | 'table'): object;
/** The shipped scenarios. */
export declare function templates(): Template[];
/** The version of socval. */
export declare function version(): string;
