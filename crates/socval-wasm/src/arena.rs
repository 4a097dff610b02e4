//! The module's allocator (WebAssembly only): the standard one (dlmalloc), and for the length of
//! one call of Node's `evaluate` ([`scope`]), a bump arena: each allocation is the next bytes of
//! one region, a free only counts it, and when the call is over and every block of the region has
//! been freed the region is used again from its start. dlmalloc's malloc and free were about a
//! tenth of a call in WebAssembly (BENCHMARKS.md, issue 26, round 5).
//!
//! What makes it safe: a block is handed out from the region only while a scope is open, the
//! region is reused only when the count of its blocks still in use is zero (safe Rust cannot hold
//! a pointer into a freed block), and a region whose blocks outlive the call (a lazily made
//! static, something leaked) is never reused: it is set aside, its blocks stay valid, frees of
//! them are ignored, and a new region is taken. After [`SET_ASIDE`] such regions the arena is no
//! longer used. A block from dlmalloc is always freed or grown by dlmalloc, whatever the scope, so
//! buffers kept across calls (the result) stay out of the region when made before the scope.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

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
        if self.open.get() && self.region.get().holds(at) && at + layout.size() == self.next.get() {
            if let Some(end) = at.checked_add(new_size).filter(|&e| e <= self.region.get().end) {
                self.next.set(end);
                return ptr;
            }
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
