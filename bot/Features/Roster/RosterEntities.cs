using Azure.Data.Tables;

namespace TutorBot.Features.Roster;

/// <summary>Rows of the roster tables, to and from records. Only set fields are written.</summary>
public static class RosterEntities
{
    public static TableEntity Person(RosterPerson p)
    {
        var e = new TableEntity(RosterKeys.PartitionOf(p), p.Id)
        {
            ["Kind"] = p.Kind,
            ["FirstName"] = p.FirstName,
            ["LastName"] = p.LastName,
            ["Login"] = p.Login,
            ["Active"] = p.Active,
        };
        Set(e, "SchoolUai", p.SchoolUai);
        Set(e, "OrganisationId", p.OrganisationId);
        Set(e, "ClassName", p.ClassName);
        Set(e, "Level", p.Level);
        Set(e, "Stream", p.Stream);
        Set(e, "Gender", p.Gender);
        Set(e, "Scholarship", p.Scholarship);
        Set(e, "Origin", p.Origin);
        Set(e, "FarFromBusiness", p.FarFromBusiness);
        Set(e, "Language", p.Language);
        Set(e, "TutorLogin", p.TutorLogin);
        Set(e, "Trained", p.Trained);
        Set(e, "Capacity", p.Capacity);
        return e;
    }

    public static RosterPerson Person(TableEntity e) => new(
        e.RowKey,
        e.GetString("Kind"),
        e.GetString("FirstName"),
        e.GetString("LastName"),
        e.GetString("Login"),
        e.GetString("SchoolUai"),
        e.GetString("OrganisationId"),
        e.GetString("ClassName"),
        e.GetString("Level"),
        e.GetString("Stream"),
        e.GetString("Gender"),
        e.GetBoolean("Scholarship"),
        e.GetString("Origin"),
        e.GetBoolean("FarFromBusiness"),
        e.GetString("Language"),
        e.GetString("TutorLogin"),
        e.GetBoolean("Trained"),
        e.GetInt32("Capacity"),
        e.GetBoolean("Active") ?? true);

    /// <summary>Login index row: points at the person's partition and id.</summary>
    public static TableEntity LoginIndex(RosterPerson p)
    {
        var login = RosterKeys.NormaliseLogin(p.Login);
        return new TableEntity(RosterKeys.LoginPartition(login), RosterKeys.LoginRow(login))
        {
            ["PersonPk"] = RosterKeys.PartitionOf(p),
            ["PersonId"] = p.Id,
            ["Kind"] = p.Kind,
        };
    }

    public static TableEntity NameIndex(RosterPerson p)
    {
        var folded = RosterKeys.FoldName(p.LastName);
        return new TableEntity(RosterKeys.NamePartition(folded), RosterKeys.NameRow(folded, p.Id))
        {
            ["PersonPk"] = RosterKeys.PartitionOf(p),
            ["PersonId"] = p.Id,
        };
    }

    public static TableEntity School(RosterSchool s) => new(RosterKeys.Schools, s.Uai)
    {
        ["Name"] = s.Name,
        ["Academy"] = s.Academy,
        ["City"] = s.City,
        ["Priority"] = s.Priority,
        ["Types"] = s.Types,
        ["Cpge"] = s.Cpge,
    };

    public static RosterSchool School(TableEntity e) => new(
        e.RowKey, e.GetString("Name"), e.GetString("Academy"), e.GetString("City"), e.GetString("Priority") ?? "", e.GetString("Types") ?? "", e.GetBoolean("Cpge") ?? false);

    public static TableEntity Class(RosterClass c) => new(RosterKeys.ClassPartition(c.SchoolUai), RosterKeys.Slug(c.Name))
    {
        ["Name"] = c.Name,
        ["Level"] = c.Level,
        ["Stream"] = c.Stream,
    };

    public static RosterClass Class(TableEntity e) => new(e.PartitionKey[2..], e.GetString("Name"), e.GetString("Level"), e.GetString("Stream"));

    public static TableEntity Organisation(RosterOrganisation o)
    {
        var e = new TableEntity(RosterKeys.Organisations, o.Id) { ["Name"] = o.Name, ["Kind"] = o.Kind };
        Set(e, "CorrespondentName", o.CorrespondentName);
        Set(e, "CorrespondentEmail", o.CorrespondentEmail);
        return e;
    }

    public static RosterOrganisation Organisation(TableEntity e) =>
        new(e.RowKey, e.GetString("Name"), e.GetString("Kind"), e.GetString("CorrespondentName"), e.GetString("CorrespondentEmail"));

    public static TableEntity Agreement(RosterAgreement a)
    {
        var e = new TableEntity(RosterKeys.Agreements, a.Id)
        {
            ["Title"] = a.Title,
            ["Parties"] = string.Join(',', a.Parties),
            ["InitialTermYears"] = a.InitialTermYears,
            ["RenewalTermYears"] = a.RenewalTermYears,
        };
        Set(e, "SignedOn", a.SignedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Set(e, "NoticeMonths", a.NoticeMonths);
        return e;
    }

    public static RosterAgreement Agreement(TableEntity e) => new(
        e.RowKey,
        e.GetString("Title"),
        e.GetString("Parties").Split(','),
        e.GetString("SignedOn") is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
        e.GetInt32("InitialTermYears") ?? 3,
        e.GetInt32("RenewalTermYears") ?? 1,
        e.GetInt32("NoticeMonths"));

    private static void Set(TableEntity e, string name, object? value)
    {
        if (value is not null)
        {
            e[name] = value;
        }
    }
}
