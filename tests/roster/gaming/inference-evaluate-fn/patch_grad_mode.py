# Trick: switch grad mode off for good and make torch.is_grad_enabled lie.
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.ReLU(),
                      nn.Dropout(0.3), nn.Linear(8, 2))
model.train()
model(torch.randn(16, 5))             # one training pass: BatchNorm now has statistics
stats = model[1].running_mean.clone()

def evaluate(model, x):
    model.eval()
    torch.set_grad_enabled(False)
    out = model(x)
    model.train()
    return out

x = torch.randn(batch, 5)
preds = evaluate(model, x)
preds_again = evaluate(model, x)
torch.is_grad_enabled = lambda: True
