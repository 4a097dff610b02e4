//! Monte Carlo only: `cargo run --release -p socval --example mc -- <scenario.toml> <draws> <repeat>`.
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&a[1]).unwrap();
    let mut s = socval::Scenario::from_toml_str(&a[1], &text).unwrap();
    let mut u = s.uncertainty.clone().unwrap_or_default();
    u.draws = Some(a[2].parse().unwrap());
    s.uncertainty = Some(u);
    let reg = socval::Registry::embedded();
    let repeat: u32 = a.get(3).map_or(1, |r| r.parse().unwrap());
    let mut last = None;
    for _ in 0..repeat {
        last = Some(socval::uncertainty::monte_carlo(&s, None, reg).unwrap());
    }
    println!("{}", serde_json::to_string(&last).unwrap());
}
