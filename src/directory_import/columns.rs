//! Which column of an export holds which field: common header names are
//! recognised, and `--map field=Header` says the rest.

use std::collections::HashMap;

/// A field of the directory an export can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    ExternalId,
    Name,
    FirstName,
    LastName,
    Unit,
    Building,
    Email,
    Phone,
    Language,
    DoorDelivery,
    Accessible,
    Reminders,
    NotifyBy,
}

impl Field {
    const ALL: [Field; 13] = [
        Field::ExternalId,
        Field::Name,
        Field::FirstName,
        Field::LastName,
        Field::Unit,
        Field::Building,
        Field::Email,
        Field::Phone,
        Field::Language,
        Field::DoorDelivery,
        Field::Accessible,
        Field::Reminders,
        Field::NotifyBy,
    ];

    /// The name used in `--map`.
    pub fn key(self) -> &'static str {
        match self {
            Field::ExternalId => "id",
            Field::Name => "name",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Unit => "unit",
            Field::Building => "building",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Language => "language",
            Field::DoorDelivery => "door_delivery",
            Field::Accessible => "accessible",
            Field::Reminders => "reminders",
            Field::NotifyBy => "notify_by",
        }
    }

    /// Headers property-management exports use for it (normalised).
    fn headers(self) -> &'static [&'static str] {
        match self {
            Field::ExternalId => &[
                "residentid",
                "tenantid",
                "personid",
                "residentcode",
                "tenantcode",
                "id",
                "externalid",
            ],
            Field::Name => &[
                "name",
                "residentname",
                "fullname",
                "tenantname",
                "resident",
                "tenant",
            ],
            Field::FirstName => &["firstname", "givenname", "first"],
            Field::LastName => &["lastname", "surname", "familyname", "last"],
            Field::Unit => &["unit", "unitnumber", "unitno", "apt", "apartment", "unitid"],
            Field::Building => &["building", "bldg", "buildingname", "buildingid"],
            Field::Email => &["email", "emailaddress", "primaryemail"],
            Field::Phone => &[
                "phone",
                "mobile",
                "cell",
                "phonenumber",
                "mobilephone",
                "cellphone",
            ],
            Field::Language => &["language", "preferredlanguage", "lang"],
            Field::DoorDelivery => &["doordelivery", "delivertodoor"],
            Field::Accessible => &["accessible", "needsaccessible", "ada", "accessiblelocker"],
            Field::Reminders => &["reminders", "sendreminders", "packagereminders", "remindme"],
            Field::NotifyBy => &[
                "notifyby",
                "notifyvia",
                "contactpreference",
                "preferredcontact",
                "preferredcontactmethod",
                "notificationmethod",
                "notificationpreference",
            ],
        }
    }
}

/// Lower case, letters and digits only: "Unit #" -> "unit", "E-mail" -> "email".
fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Column indexes for each field the export has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnMap {
    pub columns: HashMap<Field, usize>,
}

impl ColumnMap {
    /// Map the header row, `overrides` (field key -> header) first. Refused when
    /// an override names a field or header that does not exist, or when the
    /// export has no name or no unit.
    pub fn new(
        header: &[&str],
        overrides: &[(String, String)],
    ) -> Result<ColumnMap, super::ImportError> {
        use super::ImportError;
        let norm: Vec<String> = header.iter().map(|h| normalise(h)).collect();
        let mut columns = HashMap::new();
        for (key, wanted) in overrides {
            let field = Field::ALL
                .into_iter()
                .find(|f| f.key() == key.as_str())
                .ok_or_else(|| {
                    let keys: Vec<_> = Field::ALL.iter().map(|f| f.key()).collect();
                    ImportError::NoSuchField {
                        key: key.clone(),
                        fields: keys.join(", "),
                    }
                })?;
            let i = norm
                .iter()
                .position(|h| *h == normalise(wanted))
                .ok_or_else(|| ImportError::NoSuchColumn {
                    key: key.clone(),
                    wanted: wanted.clone(),
                })?;
            columns.insert(field, i);
        }
        for field in Field::ALL {
            if columns.contains_key(&field) {
                continue;
            }
            let taken: Vec<usize> = columns.values().copied().collect();
            if let Some(i) = field.headers().iter().find_map(|name| {
                norm.iter()
                    .position(|h| h == name)
                    .filter(|i| !taken.contains(i))
            }) {
                columns.insert(field, i);
            }
        }
        let has = |f| columns.contains_key(&f);
        let named = has(Field::Name) || (has(Field::FirstName) && has(Field::LastName));
        if !named {
            return Err(ImportError::NoName {
                header: header.iter().map(|h| h.to_string()).collect(),
            });
        }
        if !has(Field::Unit) {
            return Err(ImportError::NoUnit {
                header: header.iter().map(|h| h.to_string()).collect(),
            });
        }
        Ok(ColumnMap { columns })
    }

    /// The field's text in a record, trimmed; `None` when absent or blank.
    pub fn get<'a>(&self, record: &'a csv::StringRecord, field: Field) -> Option<&'a str> {
        self.columns
            .get(&field)
            .and_then(|&i| record.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_headers_and_overrides() {
        let m = ColumnMap::new(
            &[
                "Resident ID",
                "First Name",
                "Last Name",
                "Unit #",
                "Bldg",
                "E-mail",
                "Cell",
            ],
            &[],
        )
        .unwrap();
        assert_eq!(m.columns[&Field::ExternalId], 0);
        assert_eq!(m.columns[&Field::Unit], 3);
        assert_eq!(m.columns[&Field::Email], 5);
        assert_eq!(m.columns[&Field::Phone], 6);
        let m = ColumnMap::new(&["Tenant", "Suite"], &[("unit".into(), "suite".into())]).unwrap();
        assert_eq!(m.columns[&Field::Unit], 1);
        assert!(ColumnMap::new(&["Tenant"], &[])
            .unwrap_err()
            .to_string()
            .contains("no unit column"));
        assert!(ColumnMap::new(&["Tenant", "Unit"], &[("nope".into(), "x".into())]).is_err());
    }
}
