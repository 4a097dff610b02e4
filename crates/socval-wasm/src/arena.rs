//! The module's allocator in WebAssembly (natively, only its tests use it): the standard one
//! (dlmalloc), and for the length of one call of Node's `evaluate` ([`scope`]), a bump arena: each
//! allocation is the next bytes of one region, a free only counts it, and when the call is over
//! and every block of the region has been freed the region is used again from its start.
//! dlmalloc's malloc and free were about a tenth of a call in WebAssembly (BENCHMARKS.md, issue
//! 26, round 5).
//!
//! What makes it safe: a block is handed out from the region only while a scope is open, the
//! region is reused only when the count of its blocks still in use is zero (safe Rust cannot hold
//! a pointer into a freed block), and a region whose blocks outlive the call (a lazily made
//! static, something leaked) is never reused: it is set aside, its blocks stay valid, frees of
//! them are ignored, and a new region is taken. After [`SET_ASIDE`] such regions the arena is no
//! longer used. A block from dlmalloc is always freed or grown by dlmalloc, whatever the scope, so
//! buffers kept across calls (the result) stay out of the region when made before the scope.

#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The module's allocator: dlmalloc, with the arena while Node's `evaluate` runs.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
pub(crate) static ALLOC: Arena = Arena::new();

/// Bytes of one region.
const REGION: usize = 1 << 20;
/// How many regions with blocks still in use may be set aside before the arena is given up.
const SET_ASIDE: usize = 4;

/// A region of memory taken from dlmalloc: `start..end`.
#[derive(Clone, Copy, Default)]
struct Region {
    start: usize,
    end: usize,
}

impl Region {
    fn holds(self, at: usize) -> bool {
        self.start <= at && at < self.end
    }
}

/// The allocator: dlmalloc, and the arena while a scope is open.
pub struct Arena {
    /// Whether a scope is open.
    open: Cell<bool>,
    /// The region in use (empty until the first scope).
    region: Cell<Region>,
    /// Where its next block starts.
    next: Cell<usize>,
    /// How many of its blocks are in use.
    live: Cell<usize>,
    /// Regions set aside, their blocks still valid; all empty when unused.
    aside: [Cell<Region>; SET_ASIDE],
    /// How many regions were set aside; at [`SET_ASIDE`] the arena is no longer used.
    set_aside: Cell<usize>,
}

// SAFETY: this allocator is built only for wasm32 without threads (the target has one thread, and
// socval-wasm is not built with the `atomics` feature), so its cells are never shared between
// threads.
unsafe impl Sync for Arena {}

impl Arena {
    /// An arena with no region yet.
    pub const fn new() -> Self {
        Arena {
            open: Cell::new(false),
            region: Cell::new(Region { start: 0, end: 0 }),
            next: Cell::new(0),
            live: Cell::new(0),
            aside: [const { Cell::new(Region { start: 0, end: 0 }) }; SET_ASIDE],
            set_aside: Cell::new(0),
        }
    }

    /// A block of `layout` from the region, if a scope is open and it fits.
    fn bump(&self, layout: Layout) -> Option<*mut u8> {
        if !self.open.get() {
            return None;
        }
        let at = self.next.get().checked_next_multiple_of(layout.align())?;
        let end = at.checked_add(layout.size())?;
        if end > self.region.get().end {
            return None;
        }
        self.next.set(end);
        self.live.set(self.live.get() + 1);
        Some(at as *mut u8)
    }

    /// Whether `at` is in a region (in use or set aside): a block dlmalloc did not give.
    fn owns(&self, at: usize) -> bool {
        self.region.get().holds(at) || self.aside.iter().any(|r| r.get().holds(at))
    }

    /// Opens a scope: takes a region if there is none. Returns whether the arena is in use.
    fn open(&self) -> bool {
        if self.open.get() || self.set_aside.get() >= SET_ASIDE {
            return false;
        }
        if self.region.get().end == 0 {
            // SAFETY: a non-zero size and a valid alignment.
            let start = unsafe { System.alloc(Layout::from_size_align(REGION, 16).unwrap_or(Layout::new::<u128>())) };
            if start.is_null() {
                return false;
            }
            let start = start as usize;
            self.region.set(Region {
                start,
                end: start + REGION,
            });
            self.next.set(start);
        }
        self.open.set(true);
        true
    }

    /// Closes the scope: the region is used again from its start if none of its blocks is in use,
    /// and set aside otherwise (a new one is taken at the next scope).
    fn close(&self) {
        self.open.set(false);
        if self.live.get() == 0 {
            self.next.set(self.region.get().start);
            return;
        }
        let n = self.set_aside.get();
        if let Some(slot) = self.aside.get(n) {
            slot.set(self.region.get());
        }
        self.set_aside.set(n + 1);
        self.region.set(Region::default());
        self.next.set(0);
        self.live.set(0);
    }
}

impl Default for Arena {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: blocks from the region are distinct (each starts at or after the end of the one before,
// aligned as asked) and within it; a region is reused only when none of its blocks is in use, and
// a region set aside is never reused. Every other block is dlmalloc's, allocated, grown and freed
// by it alone.
unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match self.bump(layout) {
            Some(p) => p,
            // SAFETY: the caller's layout, as GlobalAlloc::alloc requires.
            None => unsafe { System.alloc(layout) },
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let at = ptr as usize;
        if self.region.get().holds(at) {
            self.live.set(self.live.get().saturating_sub(1));
        } else if !self.owns(at) {
            // SAFETY: a block dlmalloc gave, with its layout.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let at = ptr as usize;
        if !self.owns(at) {
            // SAFETY: a block dlmalloc gave, with its layout; the caller's new size.
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        // The region's last block grows (or shrinks) in place when it fits.
        if self.open.get()
            && self.region.get().holds(at)
            && at + layout.size() == self.next.get()
            && let Some(end) = at.checked_add(new_size).filter(|&e| e <= self.region.get().end)
        {
            self.next.set(end);
            return ptr;
        }
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return std::ptr::null_mut();
        };
        // SAFETY: a valid layout; the old block holds `layout.size()` bytes, the new at least
        // the smaller of the two sizes, and they do not overlap (the new one is fresh).
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

/// Runs `f` with the arena open (when it is not open already and not given up).
pub fn scope<R>(arena: &Arena, f: impl FnOnce() -> R) -> R {
    let opened = arena.open();
    let r = f();
    if opened {
        arena.close();
    }
    r
}

#[cfg(test)]
mod tests {
    use super::{Arena, REGION, SET_ASIDE, scope};
    use std::alloc::{GlobalAlloc, Layout};

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    /// In a scope, blocks come from the region, aligned and one after the other; freed, the region
    /// is used again from its start; outside a scope, blocks are the system's.
    #[test]
    fn region_reused_when_all_freed() {
        let a = Arena::new();
        let outside = unsafe { a.alloc(layout(24, 8)) };
        let (first, second) = scope(&a, || unsafe {
            let p = a.alloc(layout(3, 1));
            let q = a.alloc(layout(40, 16));
            assert!(a.region.get().holds(p as usize) && a.region.get().holds(q as usize));
            assert_eq!(q as usize % 16, 0);
            assert!(q as usize >= p as usize + 3);
            assert!(!a.owns(outside as usize));
            a.dealloc(p, layout(3, 1));
            a.dealloc(q, layout(40, 16));
            (p as usize, q as usize)
        });
        assert_eq!(a.set_aside.get(), 0);
        scope(&a, || unsafe {
            let p = a.alloc(layout(3, 1));
            assert_eq!(p as usize, first);
            let q = a.alloc(layout(40, 16));
            assert_eq!(q as usize, second);
            a.dealloc(p, layout(3, 1));
            a.dealloc(q, layout(40, 16));
        });
        let p = unsafe { a.alloc(layout(8, 8)) };
        assert!(!a.owns(p as usize));
        unsafe {
            a.dealloc(p, layout(8, 8));
            a.dealloc(outside, layout(24, 8));
        }
    }

    /// A block still in use when the scope closes keeps its region: the region is set aside (its
    /// bytes stay as written, its free is ignored), the next scope takes a new one, and after
    /// `SET_ASIDE` of them the arena is no longer used.
    #[test]
    fn region_with_a_block_in_use_is_set_aside() {
        let a = Arena::new();
        let mut kept = Vec::new();
        for n in 0..SET_ASIDE {
            let p = scope(&a, || unsafe {
                let p = a.alloc(layout(8, 8));
                p.write_bytes(n as u8, 8);
                p
            });
            assert_eq!(a.set_aside.get(), n + 1);
            kept.push(p);
        }
        for (n, &p) in kept.iter().enumerate() {
            assert!(a.owns(p as usize));
            assert_eq!(unsafe { *p.add(7) }, n as u8);
        }
        // Given up: blocks are the system's, in a scope too.
        scope(&a, || unsafe {
            let p = a.alloc(layout(8, 8));
            assert!(!a.owns(p as usize));
            a.dealloc(p, layout(8, 8));
        });
        for &p in &kept {
            unsafe { a.dealloc(p, layout(8, 8)) };
        }
    }

    /// The region's last block grows in place; another grows into a new block with its bytes; a
    /// system block grows as the system's, in a scope too; a block too big for the region is the
    /// system's.
    #[test]
    fn realloc_keeps_bytes() {
        let a = Arena::new();
        let outside = unsafe { a.alloc(layout(4, 4)) };
        scope(&a, || unsafe {
            let p = a.alloc(layout(4, 4));
            p.write_bytes(7, 4);
            let p2 = a.realloc(p, layout(4, 4), 64);
            assert_eq!(p2, p, "the last block grows in place");
            let q = a.alloc(layout(4, 4));
            let p3 = a.realloc(p2, layout(64, 4), 128);
            assert_ne!(p3, p2, "no longer the last block: moved");
            assert_eq!(*p3.add(3), 7);
            let o = a.realloc(outside, layout(4, 4), 4096);
            assert!(!a.owns(o as usize));
            let big = a.alloc(layout(REGION + 1, 8));
            assert!(!a.owns(big as usize));
            a.dealloc(big, layout(REGION + 1, 8));
            a.dealloc(o, layout(4096, 4));
            a.dealloc(q, layout(4, 4));
            a.dealloc(p3, layout(128, 4));
        });
        assert_eq!(a.set_aside.get(), 0);
    }
}
