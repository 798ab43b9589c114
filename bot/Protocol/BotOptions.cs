using System.ComponentModel.DataAnnotations;

namespace TutorBot.Protocol;

/// <summary>The bot's identity (section <c>Bot</c>).</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>The bot's app id: the audience of inbound tokens (a managed-identity bot: the identity's client id).</summary>
    [Required]
    public string AppId { get; set; } = "";

    /// <summary>The bot's Entra tenant.</summary>
    public string? TenantId { get; set; }
}
