using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TutorBot.Conversation;
using TutorBot.Storage;

namespace TutorBot.Features.Roster;

/// <summary>
/// The partition design (README of the feature in the report): people live in the partition of their school
/// (<c>s|UAI</c>: students, referents) or organisation (<c>o|id</c>: tutors, coordinators, correspondents), so the
/// two views of the page are one partition each and no partition holds everyone. Lookups by login, by Entra
/// object id and by name go through small index rows spread over hash buckets or name prefixes.
/// </summary>
public static class RosterKeys
{
    public const string PeopleTable = "RosterPeople";
    public const string IndexTable = "RosterIndex";
    public const string PlacesTable = "RosterPlaces";
    public const string JobsTable = "RosterJobs";

    public const string Organisations = "org";
    public const string Agreements = "agreement";
    public const string Schools = "school";

    public static string SchoolPartition(string uai) => "s|" + uai;

    public static string OrganisationPartition(string organisationId) => "o|" + organisationId;

    public static string ClassPartition(string uai) => "c|" + uai;

    public static string PartitionOf(RosterPerson p) =>
        p.Kind is RosterKinds.Student or RosterKinds.Referent ? SchoolPartition(p.SchoolUai!) : OrganisationPartition(p.OrganisationId!);

    /// <summary>A UPN or e-mail as compared: trimmed, lower case.</summary>
    public static string NormaliseLogin(string login) => login.Trim().ToLowerInvariant();

    /// <summary>A new person's id, derived from their login so a resumed import writes the same row again.</summary>
    public static string NewPersonId(string login) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NormaliseLogin(login))))[..20];

    /// <summary>Login index: 16 buckets (few enough that an import batches well), so linking a Teams identity by UPN is one point read.</summary>
    public static string LoginPartition(string normalisedLogin) => "u|" + Bucket(normalisedLogin);

    public static string LoginRow(string normalisedLogin) => ConversationStore.Key(normalisedLogin);

    /// <summary>Entra object id → person, per tenant and bucket (a tenant's people spread over 16 partitions).</summary>
    public static string IdentityPartition(string tenantId, string objectId) => $"a|{tenantId}|{Bucket(objectId)}";

    /// <summary>Person → Teams identity, one partition per people partition (<c>l|s|UAI</c>, <c>l|o|id</c>), row = person id.</summary>
    public static string LinkPartition(string personPartition) => "l|" + personPartition;

    /// <summary>Proactive installation state per person, beside the links (<c>i|s|UAI</c>, <c>i|o|id</c>), row = person id.</summary>
    public static string InstallPartition(string personPartition) => "i|" + personPartition;

    /// <summary>Name index: partition by the first two letters of the folded last name, row = name|id, for prefix search.</summary>
    public static string NamePartition(string foldedName) => "n|" + (foldedName.Length >= 2 ? foldedName[..2] : foldedName.PadRight(2, '_'));

    public static string NameRow(string foldedName, string personId) => foldedName + "|" + personId;

    /// <summary>Lower case without accents or punctuation: "Lefèvre-Durand" → "lefevredurand".</summary>
    public static string FoldName(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (char.IsLetterOrDigit(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    public static string Slug(string name)
    {
        var folded = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                // The accent of a decomposed letter: "É" → "e".
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
            else if (folded.Length > 0 && folded[^1] != '-')
            {
                folded.Append('-');
            }
        }

        return folded.ToString().Trim('-');
    }

    private static string Bucket(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)).AsSpan(0, 1))[..1];
}
