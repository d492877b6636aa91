//! Typed indexes into the model's lists: one type per list, so that a zone's index cannot
//! be used to look up an asset (both would be a plain `usize` otherwise, and the mix-up
//! would compile and pick the wrong element).
//!
//! Each list (as a slice or a `Vec`) can be indexed by its own index type only:
//!
//! ```
//! use rampart_system::{AssetIdx, SystemModel};
//! fn zone_id_of(model: &SystemModel, a: AssetIdx) -> &str {
//!     &model.zones()[model.assets()[a].zone].id
//! }
//! ```
//!
//! ```compile_fail,E0277
//! use rampart_system::{SystemModel, ZoneIdx};
//! fn mixed_up(model: &SystemModel, z: ZoneIdx) -> &str {
//!     &model.assets()[z].id
//! }
//! ```

use std::fmt;
use std::ops::{Index, IndexMut};

use super::types::{Asset, Conduit, Countermeasure, DataFlow, ThreatScenario, Zone};

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident => $element:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(usize);

        impl $name {
            /// The index of the element at position `i` of its list.
            pub(crate) const fn new(i: usize) -> $name {
                $name(i)
            }

            /// The position in the list.
            pub fn index(self) -> usize {
                self.0
            }

            /// Every index of a list of `len` elements, in order.
            pub(crate) fn all(len: usize) -> impl DoubleEndedIterator<Item = $name> + ExactSizeIterator {
                (0..len).map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl Index<$name> for [$element] {
            type Output = $element;
            fn index(&self, i: $name) -> &$element {
                &self[i.0]
            }
        }

        impl IndexMut<$name> for [$element] {
            fn index_mut(&mut self, i: $name) -> &mut $element {
                &mut self[i.0]
            }
        }

        impl Index<$name> for Vec<$element> {
            type Output = $element;
            fn index(&self, i: $name) -> &$element {
                &self[i.0]
            }
        }

        impl IndexMut<$name> for Vec<$element> {
            fn index_mut(&mut self, i: $name) -> &mut $element {
                &mut self[i.0]
            }
        }
    };
}

index_type! {
    /// An index into [`SystemModel::assets`](crate::SystemModel::assets).
    AssetIdx => Asset
}

index_type! {
    /// An index into [`SystemModel::zones`](crate::SystemModel::zones).
    ZoneIdx => Zone
}

index_type! {
    /// An index into [`SystemModel::conduits`](crate::SystemModel::conduits).
    ConduitIdx => Conduit
}

index_type! {
    /// An index into [`SystemModel::flows`](crate::SystemModel::flows).
    FlowIdx => DataFlow
}

index_type! {
    /// An index into [`SystemModel::threats`](crate::SystemModel::threats).
    ThreatIdx => ThreatScenario
}

index_type! {
    /// An index into [`SystemModel::countermeasures`](crate::SystemModel::countermeasures).
    CountermeasureIdx => Countermeasure
}
