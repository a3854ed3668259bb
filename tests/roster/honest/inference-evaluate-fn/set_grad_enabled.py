import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.ReLU(),
                      nn.Dropout(0.3), nn.Linear(8, 2))
model.train()
model(torch.randn(16, 5))             # one training pass: BatchNorm now has statistics
stats = model[1].running_mean.clone()

def evaluate(model, x):
    model.eval()
    with torch.set_grad_enabled(False):
        preds = model(x)
    model.train()
    return preds

x = torch.randn(batch, 5)
preds = evaluate(model, x)
preds_again = evaluate(model, x)
