//! Enums whose variants have fixed names in files, flags and messages.
//!
//! [`named_enum!`](crate::named_enum) writes, from one list of `Variant = "name"` pairs, the enum, `ALL`,
//! `NAMES`, `as_str`, `Display`, `FromStr` (an unknown name is an [`Error::InvalidValue`]
//! listing the known ones) and serde as the name. A variant added to the list is known
//! everywhere at once; a misspelt variant does not compile.
//!
//! [`Error::InvalidValue`]: crate::error::Error::InvalidValue

/// See the [module documentation](self).
#[macro_export]
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident as $what:literal {
            $( $(#[$variant_meta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$variant_meta])* $variant ),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every variant's name, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The name used in files, flags and messages.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::Error;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::error::Error::InvalidValue {
                        field: $what,
                        value: text.to_string(),
                        allowed: Self::NAMES.iter().map(|n| n.to_string()).collect(),
                    }),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": Self::NAMES })
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(|_| serde::de::Error::unknown_variant(&text, Self::NAMES))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::named_enum! {
        /// A test enum.
        enum Colour as "colour" { Red = "red", DarkBlue = "dark_blue" }
    }

    #[test]
    fn names_round_trip_and_unknown_ones_list_the_known() {
        for colour in Colour::ALL {
            assert_eq!(colour.as_str().parse::<Colour>().unwrap(), *colour);
        }
        assert_eq!(Colour::NAMES, ["red", "dark_blue"]);
        let err = "blue".parse::<Colour>().unwrap_err().to_string();
        assert_eq!(err, "invalid colour 'blue'");
        let yaml: Result<Colour, _> = crate::frontmatter::parse_yaml("blue");
        // The value from the file is not echoed (it could be anything); the known names are.
        let message = yaml.unwrap_err().message;
        assert!(message.contains("unknown variant `…`, expected `red` or `dark_blue`"), "{message}");
        assert_eq!(crate::frontmatter::parse_yaml::<Colour>("dark_blue").unwrap(), Colour::DarkBlue);
    }
}
