using System.Globalization;
using System.Resources;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Partners;

/// <summary>The partner API's texts, PartnersStrings.resx (French) and PartnersStrings.en.resx (English).</summary>
public static class PartnersStrings
{
    public static readonly ResourceManager Manager = new("TutorBot.Features.Partners.PartnersStrings", typeof(PartnersStrings).Assembly);

    public static CultureInfo CultureOf(HttpRequest request) => RosterStrings.CultureOf(request);

    public static string Get(string key, CultureInfo culture, params object[] args) =>
        string.Format(culture, Manager.GetString(key, culture) ?? key, args);
}
