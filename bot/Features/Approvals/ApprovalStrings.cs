using System.Globalization;
using System.Resources;

namespace TutorBot.Features.Approvals;

/// <summary>The BAT workflow's texts: ApprovalStrings.resx (French) and ApprovalStrings.en.resx (English).</summary>
public static class ApprovalStrings
{
    public static readonly ResourceManager Manager = new("TutorBot.Features.Approvals.ApprovalStrings", typeof(ApprovalStrings).Assembly);

    public static string Get(string key, CultureInfo culture, params object[] args) =>
        string.Format(culture, Manager.GetString(key, culture) ?? key, args);

    /// <summary>In the current UI culture (cards are built inside the recipient's <c>CultureScope</c>).</summary>
    public static string Text(string key, params object[] args) => Get(key, CultureInfo.CurrentUICulture, args);
}
