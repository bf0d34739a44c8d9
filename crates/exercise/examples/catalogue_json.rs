//! Prints the shipped exercises as JSON, checkers included:
//! `scripts/build-npm` writes it to the npm package's
//! `node/exercises.json`, from which the Node build's `exercises()` and
//! `check()` read (the engine embeds no exercises).

fn main() {
    println!("{}", looplab_exercise::catalogue_json(true));
}
