//! CPython's Mersenne Twister, so seeded programs draw the same numbers as
//! under CPython.

/// MT19937 with CPython's seeding (`init_by_array` over the seed's 32-bit
/// words).
#[derive(Clone, Debug)]
pub struct Mt19937 {
    state: Box<[u32; 624]>,
    index: usize,
}

impl Mt19937 {
    /// A generator seeded as `random.seed(seed)` seeds it for a
    /// non-negative integer.
    pub fn new(seed: u64) -> Mt19937 {
        let mut mt = Mt19937 {
            state: Box::new([0; 624]),
            index: 624,
        };
        mt.seed(seed);
        mt
    }

    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..624 {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = 624;
    }

    /// Re-seeds from a non-negative integer, as CPython does.
    pub fn seed(&mut self, seed: u64) {
        let key: Vec<u32> = if seed == 0 {
            vec![0]
        } else {
            let mut k = Vec::new();
            let mut s = seed;
            while s > 0 {
                k.push(s as u32);
                s >>= 32;
            }
            k
        };
        self.init_by_array(&key);
    }

    /// Re-seeds from the 32-bit words of a non-negative integer, least
    /// significant first (CPython's `init_by_array` key; none is `[0]`).
    pub fn seed_words(&mut self, key: &[u32]) {
        if key.is_empty() {
            self.init_by_array(&[0]);
        } else {
            self.init_by_array(key);
        }
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        let n = 624;
        let mut k = n.max(key.len());
        while k > 0 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= n {
                self.state[0] = self.state[n - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
            k -= 1;
        }
        k = n - 1;
        while k > 0 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= n {
                self.state[0] = self.state[n - 1];
                i = 1;
            }
            k -= 1;
        }
        self.state[0] = 0x8000_0000;
        self.index = 624;
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= 624 {
            for i in 0..624 {
                let y = (self.state[i] & 0x8000_0000) | (self.state[(i + 1) % 624] & 0x7fff_ffff);
                let mut v = self.state[(i + 397) % 624] ^ (y >> 1);
                if y & 1 != 0 {
                    v ^= 0x9908_b0df;
                }
                self.state[i] = v;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// `random.random()`: 53 random bits as a float in [0, 1).
    pub fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for k ≤ 64.
    pub fn getrandbits(&mut self, k: u32) -> u64 {
        if k == 0 {
            return 0;
        }
        if k <= 32 {
            return (self.next_u32() >> (32 - k)) as u64;
        }
        let low = self.next_u32() as u64;
        let high = (self.next_u32() >> (64 - k)) as u64;
        (high << 32) | low
    }

    /// `_randbelow(n)`: uniform in [0, n), by rejection as CPython does.
    pub fn randbelow(&mut self, n: u64) -> u64 {
        if n <= 1 {
            return 0;
        }
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.getrandbits(k);
            if r < n {
                return r;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_cpython_for_seed_42() {
        // python3 -c "import random; random.seed(42); print(random.random(), random.random())"
        let mut r = Mt19937::new(42);
        assert_eq!(r.random(), 0.6394267984578837);
        assert_eq!(r.random(), 0.025010755222666936);
    }

    #[test]
    fn randbelow_matches_cpython_randrange() {
        // python3 -c "import random; random.seed(7); print([random.randrange(10) for _ in range(5)])"
        let mut r = Mt19937::new(7);
        let v: Vec<u64> = (0..5).map(|_| r.randbelow(10)).collect();
        assert_eq!(v, vec![5, 2, 6, 0, 1]);
    }
}
